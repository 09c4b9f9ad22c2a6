package dev.cotenant.simulator.csv;

import dev.cotenant.simulator.BadInputException;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a plain CSV file record by record: a header line, then data lines with as many fields as
 * the header. Fields are split at every comma and trimmed (the files we read never quote);
 * blank lines are skipped, so a trailing newline or a stray empty line is harmless. Every problem
 * is reported as a {@link BadInputException} reading {@code source:line: problem}.
 */
public final class CsvReader implements Closeable {
    private final BufferedReader in;
    private final String source;
    private int lineNumber;
    private String[] header;
    private String[] fields;

    /** @param source how the input is named in error messages (a file path, a resource name) */
    public CsvReader(Reader reader, String source) {
        this.in = reader instanceof BufferedReader ? (BufferedReader) reader : new BufferedReader(reader);
        this.source = source;
    }

    /** Splits one line at every comma and trims each field: the one CSV splitter of the project. */
    public static String[] split(String line) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int comma = line.indexOf(','); comma >= 0; comma = line.indexOf(',', start)) {
            out.add(line.substring(start, comma).trim());
            start = comma + 1;
        }
        out.add(line.substring(start).trim());
        return out.toArray(new String[0]);
    }

    public String source() { return source; }

    /** Line number (1-based) of the current record, or of the last line read. */
    public int lineNumber() { return lineNumber; }

    /** Reads the header: the first non-blank line (a UTF-8 byte order mark is dropped). */
    public String[] readHeader() {
        String line = nextNonBlankLine();
        if (line == null) throw BadInputException.at(source, Math.max(lineNumber, 1), "empty file, expected a header line");
        if (line.startsWith("\uFEFF")) line = line.substring(1);
        header = split(line);
        return header.clone();
    }

    /** Index of the header column named {@code name}, or -1; a name given twice is an error (which one would be meant?). */
    public int columnIndex(String name) {
        int found = -1;
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals(name)) {
                if (found >= 0) throw error("column '" + name + "' appears twice in the header");
                found = i;
            }
        }
        return found;
    }

    /** Index of the header column named {@code name}; an error naming the column when it is missing. */
    public int requireColumn(String name) {
        int index = columnIndex(name);
        if (index < 0) throw error("missing column '" + name + "' (header: " + String.join(",", header) + ")");
        return index;
    }

    /** Advances to the next data record; false at the end of the input. */
    public boolean next() {
        String line = nextNonBlankLine();
        if (line == null) {
            fields = null;
            return false;
        }
        fields = split(line);
        if (fields.length != header.length) {
            throw error("has " + fields.length + " fields, the header has " + header.length);
        }
        return true;
    }

    public String field(int column) { return fields[column]; }

    /**
     * The field as a double. Besides Java's decimal syntax, {@code nan}, {@code inf} and
     * {@code -inf} (any case, as pandas writes them) are read so range checks can report them
     * as non-finite; hex floats and Java's {@code d}/{@code f} suffixes are refused.
     */
    public double doubleField(int column) {
        String text = fields[column];
        switch (text.toLowerCase(Locale.ROOT)) {
            case "nan": case "+nan": case "-nan": return Double.NaN;
            case "inf": case "+inf": case "infinity": case "+infinity": return Double.POSITIVE_INFINITY;
            case "-inf": case "-infinity": return Double.NEGATIVE_INFINITY;
            default: break;
        }
        char last = text.isEmpty() ? ' ' : text.charAt(text.length() - 1);
        boolean plainDecimal = (last >= '0' && last <= '9' || last == '.') && text.indexOf('x') < 0 && text.indexOf('X') < 0;
        if (plainDecimal) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException ignored) {
                // fall through to the error below
            }
        }
        throw error("column '" + header[column] + "': \"" + text + "\" is not a number");
    }

    public int intField(int column) {
        try {
            return Integer.parseInt(fields[column]);
        } catch (NumberFormatException e) {
            throw error("column '" + header[column] + "': \"" + fields[column] + "\" is not an integer");
        }
    }

    /** A bad-input error at the current line. */
    public BadInputException error(String problem) {
        return BadInputException.at(source, lineNumber, problem);
    }

    private String nextNonBlankLine() {
        try {
            String line;
            do {
                line = in.readLine();
                if (line == null) return null;
                lineNumber++;
            } while (line.isBlank());
            return line;
        } catch (IOException e) {
            throw BadInputException.at(source, "cannot read: " + e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // everything needed has been read; a failing close loses nothing
        }
    }
}
