/** One CSV record, or why it could not be parsed. @internal */
export type CsvRecord =
  | { readonly fields: string[]; readonly line: number; readonly error?: undefined; readonly text: string }
  | { readonly fields?: undefined; readonly line: number; readonly error: string; readonly text: string };

const QUOTE = 0x22;

/**
 * An RFC 4180 CSV parser fed one physical line at a time, so memory stays at one record however large the file.
 * Quoted fields may contain commas, doubled quotes (`""`) and newlines. A quote inside an unquoted field, text
 * after a closing quote, or a quote left open at the end of input is malformed: the record is reported with
 * the line it starts on and parsing resumes at the next line. @internal
 */
export class CsvLineParser {
  private fields: string[] = [];
  private field = '';
  private inQuotes = false;
  private startLine = 0;
  private text = '';

  /** True while a quoted field is open, i.e. the next line continues the current record. */
  get pending(): boolean {
    return this.inQuotes;
  }

  /** Parses one line (without its `\n`); returns a record when one ends on this line. */
  push(rawLine: string, lineNo: number): CsvRecord | undefined {
    const line = rawLine.charCodeAt(rawLine.length - 1) === 0x0d ? rawLine.slice(0, -1) : rawLine;
    let i = 0;
    if (this.inQuotes) {
      this.text += `\n${line}`;
    } else {
      this.startLine = lineNo;
      this.text = line;
    }
    const len = line.length;
    for (;;) {
      if (this.inQuotes) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          // The quoted field goes on past this line: the newline is part of the value.
          this.field += `${line.slice(i)}\n`;
          return undefined;
        }
        this.field += line.slice(i, q);
        if (line.charCodeAt(q + 1) === QUOTE) {
          this.field += '"';
          i = q + 2;
          continue;
        }
        this.inQuotes = false;
        i = q + 1;
        if (i === len) {
          this.fields.push(this.field);
          return this.endRecord();
        }
        if (line.charCodeAt(i) !== 0x2c) {
          return this.fail(`unexpected character ${JSON.stringify(line[i])} after a closing quote at line ${lineNo}, column ${i + 1}; a quote inside a quoted field must be doubled ("")`);
        }
        this.fields.push(this.field);
        this.field = '';
        i += 1;
        if (i === len) {
          this.fields.push('');
          return this.endRecord();
        }
        continue;
      }
      if (line.charCodeAt(i) === QUOTE) {
        this.inQuotes = true;
        i += 1;
        continue;
      }
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? len : comma;
      const value = line.slice(i, end);
      if (value.includes('"')) {
        return this.fail(`a quote inside an unquoted field at line ${lineNo}, column ${i + value.indexOf('"') + 1}; quote the whole field and double the inner quote`);
      }
      this.fields.push(value);
      if (comma < 0) return this.endRecord();
      i = comma + 1;
      if (i === len) {
        this.fields.push('');
        return this.endRecord();
      }
    }
  }

  /** Call once at the end of input: reports a quoted field that was never closed. */
  end(): CsvRecord | undefined {
    if (!this.inQuotes) return undefined;
    this.inQuotes = false;
    return this.fail(`a quoted field opened at line ${this.startLine} is never closed`);
  }

  private endRecord(): CsvRecord {
    const record = { fields: this.fields, line: this.startLine, text: this.text };
    this.fields = [];
    this.field = '';
    return record;
  }

  private fail(error: string): CsvRecord {
    const record = { error, line: this.startLine, text: this.text };
    this.fields = [];
    this.field = '';
    this.inQuotes = false;
    return record;
  }
}
