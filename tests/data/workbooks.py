#!/usr/bin/env python3
"""Writes the hand-made and hostile workbooks the spreadsheet tests import, into DIR.

workbooks.py DIR

Hand-made (each part written as Excel writes it, to cover what LibreOffice's output lacks):
  handmade.xlsx   shared and inline strings, rich text with a phonetic reading, _x000D_,
                  badge codes as numbers (1007, 1234567890123 written 1.234567890123E+12, a
                  16-digit one written with an exponent, 1007.0 as pandas writes it),
                  a date and a date-time, booleans, empty rows, a title merged over the
                  header on row 3, an organization merged down over its guests, and a second
                  sheet "Staff" with a header merged over two rows
  prefixed.xlsx   the same kind of sheet written with an x: namespace prefix and no r="" on
                  rows or cells, as the .NET Open XML SDK writes it
  badrow.xlsx     a row with no name, on the second sheet "Guest list"
  mapped.xlsx     columns only --map can name
Hostile:
  bomb.xlsx       a sheet of 300 MB of spaces that deflates to a few hundred KB
  entities.xlsx   a sheet with a DTD declaring nested entities (billion laughs)
  million.xlsx    a sheet with a million empty rows
  twice.xlsx      a sheet that writes its row 2 twice
  truncated.xlsx  handmade.xlsx cut in half
  old.xls         an Office 97-2003 compound file holding a Workbook stream
  locked.xlsx     a password-protected workbook (a compound file with EncryptedPackage)
  sheet.ods       an OpenDocument spreadsheet
  photos.zip      a zip of something else
"""
import os
import sys
import zipfile

NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def package(path, sheets, shared=None, styles=None, prefix=""):
    """sheets: list of (name, sheet xml); shared: list of <si> bodies."""
    p = prefix + ":" if prefix else ""
    ns = NS.replace('xmlns="', 'xmlns:%s="' % prefix) if prefix else NS
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", HEAD +
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels", HEAD +
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/>'
                   '</Relationships>' % REL)
        entries = "".join('<%ssheet name="%s" sheetId="%d" r:id="rId%d"/>' % (p, n, i + 1, i + 1)
                          for i, (n, _) in enumerate(sheets))
        z.writestr("xl/workbook.xml", HEAD + '<%sworkbook %s><%ssheets>%s</%ssheets></%sworkbook>'
                   % (p, ns, p, entries, p, p))
        rels = "".join('<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>'
                       % (i + 1, REL, i + 1) for i in range(len(sheets)))
        rels += '<Relationship Id="rS" Type="%s/sharedStrings" Target="sharedStrings.xml"/>' % REL
        rels += '<Relationship Id="rY" Type="%s/styles" Target="/xl/styles.xml"/>' % REL
        z.writestr("xl/_rels/workbook.xml.rels", HEAD +
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   + rels + '</Relationships>')
        for i, (_, xml) in enumerate(sheets):
            z.writestr("xl/worksheets/sheet%d.xml" % (i + 1), xml)
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", HEAD + '<%ssst %s count="%d">%s</%ssst>'
                       % (p, ns, len(shared), "".join("<%ssi>%s</%ssi>" % (p, s if s.startswith("<") else "<%st>%s</%st>" % (p, s, p), p)
                                  for s in shared), p))
        if styles is not None:
            z.writestr("xl/styles.xml", HEAD + styles)


def sheet(rows, merges=()):
    body = "".join(rows)
    m = ""
    if merges:
        m = '<mergeCells count="%d">%s</mergeCells>' % (
            len(merges), "".join('<mergeCell ref="%s"/>' % r for r in merges))
    return HEAD + '<worksheet %s><sheetData>%s</sheetData>%s</worksheet>' % (NS, body, m)


STYLES = ('<styleSheet %s><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd\\ hh:mm"/>'
          '</numFmts><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
          '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/>'
          '<xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>' % NS)


def handmade(path):
    shared = ["Spring Gathering 2026: guests", "Name", "Email", "Organization", "Badge",
              "Registered", "VIP", "Kansas City Public Library", "José García",
              '<r><t>Siob</t></r><r><rPr><b/></rPr><t xml:space="preserve">hán O\'Brien</t></r>'
              '<rPh sb="0" eb="1"><t>シオバン</t></rPh>',
              "Line_x000D_Break", "Role", "Contact", "Phone"]
    s = lambda i: '<c r="%s" t="s"><v>%d</v></c>' % i
    rows = [
        '<row r="1">%s</row>' % s(("A1", 0)),
        # row 2 empty, as many rosters start after a blank line
        '<row r="3">%s%s%s%s%s%s</row>' % (s(("A3", 1)), s(("B3", 2)), s(("C3", 3)),
                                           s(("D3", 4)), s(("E3", 5)), s(("F3", 6))),
        '<row r="4">%s<c r="B4" t="inlineStr"><is><t>jose@example.org</t></is></c>%s'
        '<c r="D4"><v>1007</v></c><c r="E4" s="1"><v>46000</v></c><c r="F4" t="b"><v>1</v></c></row>'
        % (s(("A4", 8)), s(("C4", 7))),
        '<row r="5">%s<c r="B5" t="inlineStr"><is><t>sob@example.ie</t></is></c>'
        '<c r="D5"><v>1.234567890123E+12</v></c><c r="E5" s="2"><v>46000.5</v></c>'
        '<c r="F5" t="b"><v>0</v></c></row>' % s(("A5", 9)),
        '<row r="6" spans="1:6" ht="15"/>',  # an empty row with a height: nothing in it
        '<row r="7">%s<c r="B7" t="str"><f>LOWER("ANA@EXAMPLE.ORG")</f><v>ana@example.org</v></c>'
        '<c r="D7"><v>3.5</v></c></row>' % s(("A7", 10)),
        # a 16-digit code written with an exponent, and a whole number as pandas writes it
        '<row r="8"><c r="A8" t="inlineStr"><is><t>Long Code</t></is></c>'
        '<c r="D8"><v>1.234567890123456E+15</v></c><c r="E8"><v>1007.0</v></c></row>',
    ]
    # the title over the header, and the organization merged down over its guests
    main = sheet(rows, merges=("A1:F1", "C4:C5"))
    staff = sheet([
        '<row r="1">%s%s</row>' % (s(("A1", 1)), s(("B1", 12))),
        '<row r="2">%s%s</row>' % (s(("B2", 2)), s(("C2", 13))),
        '<row r="3"><c r="A3" t="inlineStr"><is><t>Grace Hopper</t></is></c>'
        '<c r="B3" t="inlineStr"><is><t>grace@example.org</t></is></c><c r="C3"><v>5551234</v></c></row>',
    ], merges=("A1:A2", "B1:C1"))
    package(path, [("Guests", main), ("Staff", staff)], shared=shared, styles=STYLES)


def prefixed(path):
    rows = ('<x:row><x:c t="inlineStr"><x:is><x:t>Full Name</x:t></x:is></x:c>'
            '<x:c t="inlineStr"><x:is><x:t>Barcode</x:t></x:is></x:c></x:row>'
            '<x:row><x:c t="inlineStr"><x:is><x:t>Ada Lovelace</x:t></x:is></x:c><x:c><x:v>42</x:v></x:c></x:row>')
    xml = HEAD + '<x:worksheet %s><x:sheetData>%s</x:sheetData></x:worksheet>' % (
        NS.replace('xmlns="', 'xmlns:x="'), rows)
    package(path, [("Sheet1", xml)], prefix="x")


def inline(ref, text):
    return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, text)


def small(d):
    bad = sheet(['<row r="1">%s%s</row>' % (inline("A1", "Name"), inline("B1", "Email")),
                 '<row r="2">%s%s</row>' % (inline("A2", "Good Person"), inline("B2", "good@example.org")),
                 '<row r="4">%s</row>' % inline("B4", "nameless@example.org")])
    package(os.path.join(d, "badrow.xlsx"), [("Notes", sheet([])), ("Guest list", bad)])
    mapped = sheet(['<row r="1">%s%s%s</row>' % (inline("A1", "Participant"), inline("B1", "Mail"),
                                                 inline("C1", "Ticket No")),
                    '<row r="2">%s%s%s</row>' % (inline("A2", "Mapped Person"), inline("B2", "m@example.org"),
                                                 inline("C2", "N-9"))])
    package(os.path.join(d, "mapped.xlsx"), [("Sheet1", mapped)])


def hostile(d):
    header = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>'
              '<row r="2"><c r="A2" t="inlineStr"><is><t>A Guest</t></is></c></row>')
    with zipfile.ZipFile(os.path.join(d, "bomb.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
        package_parts = os.path.join(d, ".bomb-parts.xlsx")
        package(package_parts, [("Sheet1", sheet([header]))])
        with zipfile.ZipFile(package_parts) as src:
            for info in src.infolist():
                if info.filename == "xl/worksheets/sheet1.xml":
                    with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
                        text = src.read(info.filename)
                        f.write(text[:-len(b"</worksheet>")])
                        chunk = b" " * (1 << 20)
                        for _ in range(300):
                            f.write(chunk)
                        f.write(b"</worksheet>")
                else:
                    z.writestr(info, src.read(info.filename))
        os.unlink(package_parts)
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE worksheet [\n<!ENTITY a "ha">\n'
              + "".join('<!ENTITY %s "&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;">\n'
                        % (chr(98 + i), chr(97 + i), chr(97 + i), chr(97 + i), chr(97 + i), chr(97 + i),
                           chr(97 + i), chr(97 + i), chr(97 + i), chr(97 + i), chr(97 + i)) for i in range(9))
              + ']>\n<worksheet %s><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c>'
              '</row><row r="2"><c r="A2" t="inlineStr"><is><t>&j;</t></is></c></row></sheetData></worksheet>' % NS)
    package(os.path.join(d, "entities.xlsx"), [("Sheet1", laughs)])
    million = HEAD + '<worksheet %s><sheetData>%s%s</sheetData></worksheet>' % (
        NS, header, "".join('<row r="%d"/>' % r for r in range(3, 1000003)))
    package(os.path.join(d, "million.xlsx"), [("Sheet1", million)])
    twice = sheet([header, '<row r="2"><c r="A2" t="inlineStr"><is><t>Another</t></is></c></row>'])
    package(os.path.join(d, "twice.xlsx"), [("Sheet1", twice)])
    with open(os.path.join(d, "handmade.xlsx"), "rb") as f:
        whole = f.read()
    with open(os.path.join(d, "truncated.xlsx"), "wb") as f:
        f.write(whole[:len(whole) // 2])
    ole = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(504)
    with open(os.path.join(d, "old.xls"), "wb") as f:
        f.write(ole + "Root Entry".encode("utf-16-le") + bytes(44) + "Workbook".encode("utf-16-le")
                + bytes(1024))
    with open(os.path.join(d, "locked.xlsx"), "wb") as f:
        f.write(ole + "Root Entry".encode("utf-16-le") + bytes(44) + "EncryptionInfo".encode("utf-16-le")
                + bytes(40) + "EncryptedPackage".encode("utf-16-le") + bytes(1024))
    with zipfile.ZipFile(os.path.join(d, "sheet.ods"), "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    with zipfile.ZipFile(os.path.join(d, "photos.zip"), "w") as z:
        z.writestr("photo.txt", "not a workbook")


def main():
    d = sys.argv[1]
    os.makedirs(d, exist_ok=True)
    handmade(os.path.join(d, "handmade.xlsx"))
    prefixed(os.path.join(d, "prefixed.xlsx"))
    small(d)
    hostile(d)


if __name__ == "__main__":
    main()
