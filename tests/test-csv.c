/* The CSV reader on the cases spreadsheets and roster exports produce, and on malformed input. */
#include "check.h"
#include "csv.h"

struct parsed {
	int rows;
	char cells[8][8][64];
	int counts[8];
	char err[256];
	int err_line;
	enum csv_status last;
	char delim;
};

static struct parsed parse_n(const char *text, size_t len)
{
	struct parsed p = {0};
	struct csv_reader *r = csv_open(text, len, 0);
	p.delim = csv_delimiter(r);
	struct csv_row row;
	while ((p.last = csv_next(r, &row, p.err, sizeof(p.err))) == CSV_ROW && p.rows < 8) {
		p.counts[p.rows] = (int)row.count;
		for (size_t i = 0; i < row.count && i < 8; i++) {
			snprintf(p.cells[p.rows][i], 64, "%s", row.fields[i]);
		}
		p.rows++;
	}
	if (p.last == CSV_ERROR) {
		p.err_line = row.line;
	}
	csv_close(r);
	return p;
}

#define parse(text) parse_n(text, sizeof(text) - 1)

int main(void)
{
	struct parsed p = parse("\xEF\xBB\xBF"
				"Attendee name;E-mail;Company\r\n"
				"Jos\xC3\xA9 Garc\xC3\xAD"
				"a;jose@example.org;\"Biblioteca; Madrid\"\r\n");
	CHECK_INT(p.delim, ';');
	CHECK_INT(p.rows, 2);
	CHECK_STR(p.cells[0][0], "Attendee name"); /* the BOM is gone */
	CHECK_STR(p.cells[1][0], "José García");
	CHECK_STR(p.cells[1][2], "Biblioteca; Madrid");

	p = parse("Name\tOrganization\nAda\tLib, Inc.\n");
	CHECK_INT(p.delim, '\t');
	CHECK_STR(p.cells[1][1], "Lib, Inc.");

	p = parse("a,b\r1,\"x\ry\"\r2,3"); /* lone CRs, no final newline */
	CHECK_INT(p.rows, 3);
	CHECK_STR(p.cells[1][1], "x\ry");
	CHECK_STR(p.cells[2][1], "3");

	p = parse("a,b\n\n1,2\n\n\n");
	CHECK_INT(p.rows, 2);

	p = parse("a,b\n1,\"2\n");
	CHECK_INT(p.last, CSV_ERROR);
	CHECK_STR(p.err, "line 2: unclosed quote");

	p = parse("a,b\n1,\"2\"x\n3,4\n");
	CHECK_INT(p.last, CSV_ERROR);
	CHECK_STR(p.err, "line 2: text after a closing quote");

	p = parse("a,b\n1,\xff\xfe\n");
	CHECK_STR(p.err, "line 2: invalid UTF-8");
	p = parse("a,b\n1,\xC0\xAF\n"); /* overlong '/' */
	CHECK_STR(p.err, "line 2: invalid UTF-8");
	p = parse("a,b\n1,\xED\xA0\x80\n"); /* a surrogate */
	CHECK_STR(p.err, "line 2: invalid UTF-8");
	p = parse("a,b\n1,x\0y\n");
	CHECK_STR(p.err, "line 2: NUL byte in a field");

	/* errors name the line the bad row is on, after quoted newlines */
	p = parse("a,b\n\"multi\nline\",ok\n\"x\"y,z\n");
	CHECK_INT(p.rows, 2);
	CHECK_STR(p.err, "line 4: text after a closing quote");

	/* reading goes on after a bad row */
	struct csv_reader *r = csv_open("a\n\"x\"y\nz\n", 9, ',');
	struct csv_row row;
	char err[128];
	CHECK_INT(csv_next(r, &row, err, sizeof(err)), CSV_ROW);
	CHECK_INT(csv_next(r, &row, err, sizeof(err)), CSV_ERROR);
	CHECK_INT(csv_next(r, &row, err, sizeof(err)), CSV_ROW);
	CHECK_STR(row.fields[0], "z");
	CHECK_INT(row.line, 3);
	CHECK_INT(csv_next(r, &row, err, sizeof(err)), CSV_END);
	csv_close(r);

	p = parse("");
	CHECK_INT(p.rows, 0);
	CHECK_INT(p.last, CSV_END);

	/* writing quotes only what needs it */
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	csv_write_field(f, "plain", ',');
	fputc(',', f);
	csv_write_field(f, "a \"quote\", a comma", ',');
	fputc(',', f);
	csv_write_field(f, "two\nlines", ',');
	fclose(f);
	CHECK_STR(out, "plain,\"a \"\"quote\"\", a comma\",\"two\nlines\"");
	free(out);
	return check_exit("csv");
}
