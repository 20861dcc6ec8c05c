package io.herald.http;

/** CSV exports (the audit trail, receipts): one cell at a time. */
public final class Csv {

    private Csv() {
    }

    /**
     * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. A cell a
     * spreadsheet would take for a formula ({@code = + - @}) gets a leading {@code '}.
     */
    public static String cell(String value) {
        if (value == null) {
            return "";
        }
        String v = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return v;
        }
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }
}
