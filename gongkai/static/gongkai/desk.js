// The clerk's desk, on the publication draft form (form[data-desk]):
// - the rich-text editor (wangEditor, vendored) over the body textarea, which stays in the form
//   and receives the editor's HTML; the server reduces it to a safe subset (nh3) as always;
// - pasting from Word or WPS keeps headings, lists and tables and drops fonts, colours and
//   styles;
// - pictures (the picture button, or pasted as an image) are uploaded as attachments of the
//   draft and shown from our address; a picture Word leaves on the clerk's disk cannot be read
//   from a paste and is refused with a message; nothing is ever kept inside the text;
// - the privacy and completeness checks beside the text, run when the clerk pauses, each
//   finding with a button that masks it keeping its shape (138****1234).
// Without this script the form works as before: the textarea is the editor.
(function () {
  "use strict";

  var form = document.querySelector("form[data-desk]");
  if (!form) return;
  var textarea = form.querySelector("textarea[data-rich-text]");
  var panel = form.querySelector(".desk-checks");
  var editor = null;

  // Pasted HTML from Word, WPS or a web page -------------------------------------------------

  var KEEP_ATTRIBUTES = { a: ["href"], td: ["colspan", "rowspan"], th: ["colspan", "rowspan"] };
  var DROP = "script,style,meta,link,title,head,xml,img,picture,svg,video,audio,iframe,object,embed,canvas,input,button,select,textarea,form";
  var UNWRAP = "span,font,div,section,article,center,small,big,abbr,label,colgroup,col";
  var HEADINGS = { H1: "h2", H2: "h3", H3: "h4", H4: "h4", H5: "h4", H6: "h4" };
  var BULLET = /^[\u00b7\u2022\u25cf\u25cb\u25a0\u25aa\u2013\u2014\-o\uf0b7\uf0a7\uf0d8\uf076\uf0fc\u00a7]$/;

  function rename(element, tag) {
    var replacement = element.ownerDocument.createElement(tag);
    while (element.firstChild) replacement.appendChild(element.firstChild);
    element.parentNode.replaceChild(replacement, element);
    return replacement;
  }

  function unwrap(element) {
    var parent = element.parentNode;
    while (element.firstChild) parent.insertBefore(element.firstChild, element);
    parent.removeChild(element);
  }

  // Word writes a list as paragraphs with "mso-list" in their style and the marker ("1.", "·")
  // in a span between <![if !supportLists]> and <![endif]>: they become <ol>/<ul> items.
  function wordLists(root) {
    var paragraphs = Array.prototype.slice.call(root.querySelectorAll("p"));
    var list = null;
    var last = null;
    paragraphs.forEach(function (p) {
      var style = p.getAttribute("style") || "";
      var marker = p.getAttribute("data-list-marker");
      if (!/mso-list\s*:\s*l\d/i.test(style) && marker === null) {
        list = null;
        return;
      }
      var ordered = !(marker && BULLET.test(marker.trim()));
      if (!list || last !== p.previousElementSibling || list.ordered !== ordered) {
        list = { element: root.ownerDocument.createElement(ordered ? "ol" : "ul"), ordered: ordered };
        p.parentNode.insertBefore(list.element, p);
      }
      var item = root.ownerDocument.createElement("li");
      while (p.firstChild) item.appendChild(p.firstChild);
      list.element.appendChild(item);
      p.parentNode.removeChild(p);
      last = list.element;
    });
  }

  function cleanPasted(html) {
    var found = { pictures: false, inline: [] };
    var wordPictures = /<v:imagedata|<v:shape/i.test(html);
    html = html
      // The list markers Word writes for browsers that cannot draw lists.
      .replace(/<!\[if !supportLists\]>([\s\S]*?)<!\[endif\]>/gi, function (_all, marker) {
        var text = marker.replace(/<[^>]*>/g, "").replace(/&nbsp;|\s/g, "");
        return '<span data-marker="' + text.replace(/"/g, "") + '"></span>';
      })
      .replace(/<!--\[if[\s\S]*?<!\[endif\]-->/gi, "")
      .replace(/<!\[if[^\]]*\]>|<!\[endif\]>/gi, "")
      .replace(/<!--[\s\S]*?-->/g, "");
    var doc = new DOMParser().parseFromString(html, "text/html");
    var body = doc.body;
    body.querySelectorAll("span[data-marker]").forEach(function (span) {
      var p = span.closest("p");
      if (p) p.setAttribute("data-list-marker", span.getAttribute("data-marker"));
      span.parentNode.removeChild(span);
    });
    // A picture carried in the paste itself (data: URL) is uploaded; any other (a file on the
    // clerk's disk that Word points at, another site's picture) cannot be kept.
    body.querySelectorAll("img").forEach(function (img) {
      var src = img.getAttribute("src") || "";
      if (/^data:image\/(png|jpe?g);base64,/i.test(src)) found.inline.push({ src: src, alt: img.getAttribute("alt") || "" });
      else found.pictures = true;
    });
    if (wordPictures && !found.inline.length) found.pictures = true;
    body.querySelectorAll(DROP).forEach(function (element) { element.parentNode.removeChild(element); });
    // Word's own elements (o:p, v:shape, w:sdt …) hold nothing a reader needs but their text.
    Array.prototype.slice.call(body.getElementsByTagName("*")).forEach(function (element) {
      if (element.tagName.indexOf(":") >= 0 && element.parentNode) unwrap(element);
    });
    body.querySelectorAll("p.MsoTitle, p.MsoSubtitle").forEach(function (p) { rename(p, "h2"); });
    body.querySelectorAll("h1,h2,h3,h4,h5,h6").forEach(function (h) { rename(h, HEADINGS[h.tagName]); });
    wordLists(body);
    body.querySelectorAll(UNWRAP).forEach(function (element) {
      if (element.tagName === "DIV" && element.parentNode === body) rename(element, "p");
      else unwrap(element);
    });
    // A table cell holds text, not paragraphs: paragraphs become lines.
    body.querySelectorAll("td p, th p").forEach(function (p) {
      if (p.nextElementSibling) p.parentNode.insertBefore(doc.createElement("br"), p.nextSibling);
      unwrap(p);
    });
    body.querySelectorAll("*").forEach(function (element) {
      var keep = KEEP_ATTRIBUTES[element.tagName.toLowerCase()] || [];
      Array.prototype.slice.call(element.attributes).forEach(function (attribute) {
        if (keep.indexOf(attribute.name) < 0) element.removeAttribute(attribute.name);
      });
    });
    body.querySelectorAll("p").forEach(function (p) {
      if (!p.textContent.replace(/\u00a0|\s/g, "") && !p.querySelector("br")) p.parentNode.removeChild(p);
    });
    found.html = body.innerHTML.replace(/\u00a0/g, " ").trim();
    return found;
  }

  // The editor --------------------------------------------------------------------------------

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function asHtml(text) {
    if (!text.trim() || /<[a-zA-Z/!]/.test(text)) return text;
    return text.split(/\r?\n/).filter(function (line) { return line.trim(); })
      .map(function (line) { return "<p>" + escapeHtml(line) + "</p>"; }).join("");
  }

  function say(text) {
    var status = panel && panel.querySelector(".desk-status");
    if (status) status.textContent = text;
  }

  // What happens to pictures is said under the editor, apart from the checks' status.
  var pictureStatus = null;

  function sayPicture(text) {
    if (pictureStatus) pictureStatus.textContent = text;
  }

  function refusePictures() {
    sayPicture(form.getAttribute("data-picture-refused"));
  }

  // Pictures ------------------------------------------------------------------------------

  var pictureUrl = form.getAttribute("data-picture-url");

  function stem(name) {
    return (name || "").replace(/\.[^.]*$/, "");
  }

  // The picture goes to the server as an attachment of the draft; the answer is its address.
  function upload(file, title) {
    if (!pictureUrl) {
      sayPicture(form.getAttribute("data-picture-save"));
      return Promise.reject(new Error("no draft"));
    }
    var data = new FormData();
    data.append("csrfmiddlewaretoken", fieldValue("csrfmiddlewaretoken"));
    data.append("file", file, file.name);
    data.append("title", title || stem(file.name));
    sayPicture(form.getAttribute("data-picture-uploading"));
    return fetch(pictureUrl, {
      method: "POST", body: data, credentials: "same-origin", headers: { "X-Requested-With": "fetch" },
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (!response.ok || !answer.url) {
          sayPicture(answer.error || form.getAttribute("data-picture-failed"));
          throw new Error(answer.error || String(response.status));
        }
        sayPicture(form.getAttribute("data-picture-added") + answer.title);
        return answer;
      });
    });
  }

  function insertPicture(answer) {
    var img = document.createElement("img");
    img.setAttribute("src", answer.url);
    img.setAttribute("alt", answer.alt);
    editor.dangerouslyInsertHtml("<p>" + img.outerHTML + "</p>");
  }

  function fromDataUrl(source, index) {
    var match = /^data:(image\/(png|jpe?g));base64,(.*)$/i.exec(source.src);
    var bytes = atob(match[3]);
    var array = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i += 1) array[i] = bytes.charCodeAt(i);
    var extension = /png/i.test(match[2]) ? "png" : "jpg";
    var name = (source.alt || form.getAttribute("data-picture-name") + (index + 1)) + "." + extension;
    return new File([array], name.replace(/[\\/:*?"<>|]/g, " "), { type: match[1] });
  }

  function uploadAll(files) {
    files.reduce(function (previous, file) {
      return previous.then(function () {
        return upload(file).then(insertPicture, function () {});
      });
    }, Promise.resolve());
  }

  function paste(event) {
    var data = event.clipboardData;
    if (!data || !editor) return;
    var html = data.getData("text/html");
    var files = Array.prototype.slice.call(data.files || []).filter(function (file) {
      return /^image\//.test(file.type);
    });
    if (!html && !files.length) return; // plain text: the editor makes paragraphs of it
    event.preventDefault();
    event.stopPropagation();
    var cleaned = html ? cleanPasted(html) : { pictures: false, inline: [], html: "" };
    if (!editor.selection) editor.focus(true);
    if (cleaned.html) editor.dangerouslyInsertHtml(cleaned.html);
    if (cleaned.pictures) refusePictures();
    // A copied picture comes as a file, sometimes with HTML pointing at it as well: one upload.
    var pictures = files.length ? files : cleaned.inline.map(fromDataUrl);
    if (pictures.length) uploadAll(pictures);
  }

  function sync() {
    if (editor && textarea) textarea.value = editor.isEmpty() ? "" : editor.getHtml();
  }

  // The toolbar's icon buttons get the names their tooltips show ("加粗\nctrl+b" → "加粗").
  function nameButtons(toolbar) {
    toolbar.querySelectorAll("[data-tooltip]").forEach(function (item) {
      var button = item.tagName === "BUTTON" ? item : item.querySelector("button");
      var name = (item.getAttribute("data-tooltip") || "").split("\n")[0];
      if (button && name && !button.getAttribute("aria-label")) button.setAttribute("aria-label", name);
    });
  }

  // A greyed-out button (the headings while the cursor is outside the text) says it is
  // unavailable to a screen reader as well: wangEditor marks it with a class only.
  function markDisabled(toolbar) {
    var mark = function () {
      toolbar.querySelectorAll("button").forEach(function (button) {
        var off = button.classList.contains("disabled");
        if (off) button.setAttribute("aria-disabled", "true");
        else button.removeAttribute("aria-disabled");
      });
    };
    mark();
    new MutationObserver(mark).observe(toolbar, { subtree: true, attributes: true, attributeFilter: ["class"] });
  }

  // The label names the editing area instead of the hidden textarea (a screen reader
  // announces it, and a click on it puts the cursor in the text); once, as soon as the area
  // exists.
  function nameEditingArea(label, area) {
    var editable = area.querySelector("[contenteditable]");
    if (!label || !editable || editable.getAttribute("aria-labelledby")) return;
    label.id = label.id || textarea.id + "_label";
    label.removeAttribute("for");
    editable.setAttribute("role", "textbox");
    editable.setAttribute("aria-multiline", "true");
    editable.setAttribute("aria-labelledby", label.id);
    var help = document.getElementById(textarea.id + "_helptext");
    if (help) editable.setAttribute("aria-describedby", help.id);
    label.addEventListener("click", function () { editor.focus(); });
  }

  function startEditor() {
    if (!textarea || !window.wangEditor) return;
    var label = form.querySelector('label[for="' + textarea.id + '"]');
    var box = document.createElement("div");
    box.className = "desk-editor";
    var toolbar = document.createElement("div");
    toolbar.className = "desk-toolbar";
    var area = document.createElement("div");
    area.className = "desk-area";
    pictureStatus = document.createElement("p");
    pictureStatus.className = "desk-picture-status";
    pictureStatus.setAttribute("role", "status");
    pictureStatus.setAttribute("aria-live", "polite");
    box.appendChild(toolbar);
    box.appendChild(area);
    box.appendChild(pictureStatus);
    textarea.parentNode.insertBefore(box, textarea.nextSibling);
    editor = window.wangEditor.createEditor({
      selector: area,
      html: asHtml(textarea.value),
      mode: "default",
      config: {
        autoFocus: false,
        scroll: false,
        onChange: function () { sync(); scheduleCheck(); },
        onCreated: function () {
          nameButtons(toolbar);
          // The editing area may be made after createEditor returns: the label moves to it
          // here at the latest, or it would stay on the hidden textarea.
          nameEditingArea(label, area);
          box.setAttribute("data-ready", "");
        },
        MENU_CONF: {
          // The picture button, and pictures dropped into the text: uploaded as attachments.
          uploadImage: {
            allowedFileTypes: ["image/png", "image/jpeg"],
            customUpload: function (file, insert) {
              return upload(file).then(function (answer) { insert(answer.url, answer.alt, ""); }, function () {});
            },
          },
          insertImage: { checkImage: function (src) { return /^\//.test(src) || form.getAttribute("data-picture-refused"); } },
        },
      },
    });
    window.wangEditor.createToolbar({
      editor: editor,
      selector: toolbar,
      mode: "simple",
      config: {
        toolbarKeys: [
          "header2", "header3", "header4", "|", "bold", "italic", "underline", "|",
          "bulletedList", "numberedList", "blockquote", "|", "insertTable", "uploadImage", "insertLink", "|",
          "undo", "redo",
        ],
      },
    });
    nameButtons(toolbar);
    markDisabled(toolbar);
    window.setTimeout(function () { nameButtons(toolbar); }, 0);
    textarea.hidden = true;
    nameEditingArea(label, area);
    // Pasting is handled here, before the editor sees it (capture phase): rich text is cleaned
    // of Word's styles first, and a paste right after a click lands even if the editor has
    // not taken the cursor position yet.
    area.addEventListener("paste", paste, true);
    form.addEventListener("submit", sync);
  }

  // The checks beside the text ---------------------------------------------------------------

  var timer = null;
  var running = null;

  function scheduleCheck() {
    if (!panel) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 700);
  }

  function fieldValue(name) {
    if (name === "body") {
      sync();
    }
    var input = form.elements.namedItem(name);
    return input && "value" in input ? input.value : "";
  }

  function check() {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", fieldValue("csrfmiddlewaretoken"));
    ["title", "summary", "body"].forEach(function (name) { data.append(name, fieldValue(name)); });
    form.querySelectorAll("textarea[name]").forEach(function (area) {
      if (!data.has(area.name) && area.name !== "attachment_titles") data.append(area.name, area.value);
    });
    if (running) running.abort();
    running = new AbortController();
    say(panel.getAttribute("data-checking"));
    fetch(form.getAttribute("data-check-url"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      signal: running.signal,
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(show)
      .catch(function (error) {
        if (error.name !== "AbortError") say(panel.getAttribute("data-failed"));
      });
  }

  function show(result) {
    var list = panel.querySelector(".desk-findings");
    list.textContent = "";
    result.findings.forEach(function (finding) {
      var item = document.createElement("li");
      item.className = "desk-finding";
      var kind = document.createElement("strong");
      kind.textContent = finding.label;
      var value = document.createElement("code");
      value.textContent = finding.value;
      var where = document.createElement("span");
      where.className = "muted";
      where.textContent = panel.getAttribute("data-where") + "：" + finding.places.join("、");
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = panel.getAttribute("data-mask") + " " + finding.masked;
      button.addEventListener("click", function () { mask(finding); });
      item.append(kind, " ", value, " ", where, " ", button);
      list.appendChild(item);
    });
    if (result.missing.length) {
      var missing = document.createElement("li");
      missing.className = "desk-missing";
      missing.textContent = panel.getAttribute("data-missing") + "：" + result.missing.join("、");
      list.appendChild(missing);
    }
    say(result.findings.length ? "" : panel.getAttribute("data-clear"));
  }

  function replaceAll(text, value, masked) {
    return text.split(value).join(masked);
  }

  // Masking replaces the value wherever the clerk wrote it: title, summary, body, guide fields.
  function mask(finding) {
    form.querySelectorAll("input[type=text][name], input:not([type])[name], textarea[name]").forEach(function (input) {
      if (input === textarea && editor) return;
      if (input.value.indexOf(finding.value) >= 0) input.value = replaceAll(input.value, finding.value, finding.masked);
    });
    if (editor) {
      var html = editor.getHtml();
      if (html.indexOf(finding.value) >= 0) editor.setHtml(replaceAll(html, finding.value, finding.masked));
      sync();
    }
    say(panel.getAttribute("data-masked") + " " + finding.masked);
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 300);
  }

  startEditor();
  if (panel) {
    panel.hidden = false;
    form.addEventListener("input", function (event) {
      var name = event.target && event.target.name;
      if (name === "title" || name === "summary" || (event.target.tagName === "TEXTAREA" && name !== "attachment_titles")) scheduleCheck();
    });
    check();
  }
})();
