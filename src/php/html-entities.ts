// PHP html_entity_decode($s, ENT_QUOTES, 'UTF-8') with the default HTML 4.01
// document type — what Format::to_xml applies to every value. Named entities
// need their `;`, are case-sensitive and come from the HTML 4.01 table only
// (`&apos;` is not decoded); numeric entities decode when the code point is
// allowed in HTML 4.01. Anything else stays as written.

const LATIN1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot ' +
  'cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml ' +
  'Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig ' +
  'agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ' +
  'ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml'

const GREEK_UPPER =
  'Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho _ Sigma Tau Upsilon Phi Chi Psi Omega'
const GREEK_LOWER =
  'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigmaf sigma tau upsilon phi chi psi omega'

// Everything outside the contiguous runs above, as name:code point.
const OTHERS =
  'quot:34 amp:38 lt:60 gt:62 OElig:338 oelig:339 Scaron:352 scaron:353 Yuml:376 fnof:402 circ:710 tilde:732 ' +
  'thetasym:977 upsih:978 piv:982 ensp:8194 emsp:8195 thinsp:8201 zwnj:8204 zwj:8205 lrm:8206 rlm:8207 ndash:8211 mdash:8212 ' +
  'lsquo:8216 rsquo:8217 sbquo:8218 ldquo:8220 rdquo:8221 bdquo:8222 dagger:8224 Dagger:8225 bull:8226 hellip:8230 permil:8240 ' +
  'prime:8242 Prime:8243 lsaquo:8249 rsaquo:8250 oline:8254 frasl:8260 euro:8364 image:8465 weierp:8472 real:8476 trade:8482 ' +
  'alefsym:8501 larr:8592 uarr:8593 rarr:8594 darr:8595 harr:8596 crarr:8629 lArr:8656 uArr:8657 rArr:8658 dArr:8659 hArr:8660 ' +
  'forall:8704 part:8706 exist:8707 empty:8709 nabla:8711 isin:8712 notin:8713 ni:8715 prod:8719 sum:8721 minus:8722 lowast:8727 ' +
  'radic:8730 prop:8733 infin:8734 ang:8736 and:8743 or:8744 cap:8745 cup:8746 int:8747 there4:8756 sim:8764 cong:8773 asymp:8776 ' +
  'ne:8800 equiv:8801 le:8804 ge:8805 sub:8834 sup:8835 nsub:8836 sube:8838 supe:8839 oplus:8853 otimes:8855 perp:8869 sdot:8901 ' +
  'lceil:8968 rceil:8969 lfloor:8970 rfloor:8971 lang:9001 rang:9002 loz:9674 spades:9824 clubs:9827 hearts:9829 diams:9830'

function buildTable(): Map<string, number> {
  const table = new Map<string, number>()
  const run = (names: string, first: number) =>
    names.split(' ').forEach((name, i) => name !== '_' && table.set(name, first + i))
  run(LATIN1, 0xa0)
  run(GREEK_UPPER, 913)
  run(GREEK_LOWER, 945)
  for (const pair of OTHERS.split(' ')) {
    const [name, code] = pair.split(':') as [string, string]
    table.set(name, Number(code))
  }
  return table
}

/** The 252 HTML 4.01 named character references. */
export const HTML401_ENTITIES: ReadonlyMap<string, number> = buildTable()

/** unicode_cp_is_allowed() for HTML 4.01 (ext/standard/html.c). */
function allowedInHtml401(cp: number): boolean {
  return (
    (cp >= 0x20 && cp <= 0x7e) ||
    cp === 0x0a ||
    cp === 0x09 ||
    cp === 0x0d ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0x10ffff && (cp & 0xffff) < 0xfffe && (cp < 0xfdd0 || cp > 0xfdef))
  )
}

const ENTITY = /&(?:#([xX][0-9a-fA-F]+|[0-9]+)|([a-zA-Z0-9]+));/g

function decodeNumeric(digits: string): number | undefined {
  const hex = digits[0] === 'x' || digits[0] === 'X'
  const cp = parseInt(hex ? digits.slice(1) : digits, hex ? 16 : 10)
  return cp <= 0x10ffff && allowedInHtml401(cp) ? cp : undefined
}

/** html_entity_decode($s, ENT_QUOTES, 'UTF-8'). */
export function htmlEntityDecode(s: string): string {
  if (!s.includes('&')) return s
  return s.replace(ENTITY, (whole, numeric: string | undefined, name: string | undefined) => {
    const cp = numeric !== undefined ? decodeNumeric(numeric) : HTML401_ENTITIES.get(name!)
    return cp === undefined ? whole : String.fromCodePoint(cp)
  })
}
