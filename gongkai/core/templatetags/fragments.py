"""`{% fragment "name" vary... %}…{% endfragment %}`: a part of the layout kept per site
generation (`gongkai.core.caching.fragment`): the header, navigation and footer show the
site's name, its county and links, which change only when the site does.

Whatever else decides what the part shows goes after the name (`vary`); the language is
always part of the key. Outside a public page that read the site's generation the part is
rendered every time.
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.safestring import SafeString, mark_safe

from gongkai.core import caching

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name: str, vary: list[FilterExpression], nodelist: NodeList) -> None:
        self.name = name
        self.vary = vary
        self.nodelist = nodelist

    def render(self, context: template.Context) -> SafeString:
        vary = tuple(expression.resolve(context) for expression in self.vary)
        html = caching.fragment(
            context.get("request"),
            self.name,
            lambda: self.nodelist.render(context),
            vary=vary,
        )
        return mark_safe(html)  # the template's own output, escaped as it was rendered


@register.tag(name="fragment")
def fragment(parser: Parser, token: Token) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError("{% fragment %} takes a quoted name first")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]], nodelist)
