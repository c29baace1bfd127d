"""Chinese full-text search over what the portal discloses, behind one small interface.

    from gongkai.search import index

    index.index_document(doc)        # add or replace (now, in the caller's transaction)
    index.index_on_commit(doc)       # the same once the transaction commits (the usual way)
    index.remove_document(key)       # or index.remove_on_commit(key)
    index.search(query, filters=index.Filters(...), user_scope=unit_ids, page=1, page_size=20)
    index.rebuild()                  # also `gongkai rebuild_search_index [--resume]`

Two backends, chosen from the database vendor: SQLite FTS5 (the embedded default) and
GIN-indexed tsvector tables on PostgreSQL; both index the same character bigrams made in Python
(search/text.py), so both find the same documents. See backends/sqlite.py for why results
are ranked by a precomputed sort key and not bm25.

How publishing (or any app with searchable documents) plugs in
---------------------------------------------------------------

1. Build an `index.Document` from a publication: a stable `key` ("publication:<pk>"),
   `unit_id` / `unit_path` / `unit_name` of the issuing unit, `title`, `url`
   (get_absolute_url), `date` (the publication date), `catalog_item_id` /
   `catalog_item_name`, `topic` (主题分类), `validity` (index.Validity: current, expired,
   repealed), `audience` (index.Audience.PUBLIC, or INTERNAL with `reader_unit_id`, the
   unit whose staff may read it), and the texts: `summary`, `body` (plain text, no HTML),
   `tables` (the cells' text) and `attachments` (text extracted from PDF, Word, Excel).

2. In the action that publishes, republishes or changes validity, call
   `index.index_on_commit(document_for(publication))`; in the action that withdraws or
   deletes it, `index.remove_on_commit(f"publication:{pk}")`. Only published versions
   belong in the index: a draft is never indexed.

3. In the app's AppConfig.ready(), register a source so a rebuild can ask for everything:
   `index.register_source("publication", all_documents)`, where `all_documents(after="")`
   yields the documents in a stable order, after the key `after` when given (a stopped
   rebuild goes on from there; a source without `after` is read again from its start).

4. Readers: views pass `user_scope=gongkai.search.reads.reader_scope(request.user)` (the
   units where access.units(user, Perm.READ_INTERNAL) lets the user read internal
   documents; empty for the public). The portal's page is /search/ and the JSON is
   GET /api/v1/search?q=&unit=<org_code>&catalog=&topic=&validity=&date_from=&date_to=&page=.
"""
