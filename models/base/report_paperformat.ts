/**
 * report.paperformat (odoo/addons/base/models/report_paperformat.py): the paper formats of
 * printed documents (base/data/report_paperformat_data.xml: A4, US Letter, US Batch Deposit). A
 * company's format (res.company.paperformat_id, A4 by default) is what the document layout
 * configurator offers; the emulator's PDFs keep their own page size, the format is stored only.
 */
import type { ModelDecl } from '../orm/registry';
import { ValidationError } from '../orm/exceptions';

/** Odoo 17's paper sizes (report_paperformat.py PAPER_SIZES): key, description, width and height in mm ('custom' has none). */
export const PAPER_SIZES: ReadonlyArray<readonly [string, string, number, number]> = [
  ["A0", "A0  5   841 x 1189 mm", 841.0, 1189.0],
  ["A1", "A1  6   594 x 841 mm", 594.0, 841.0],
  ["A2", "A2  7   420 x 594 mm", 420.0, 594.0],
  ["A3", "A3  8   297 x 420 mm", 297.0, 420.0],
  ["A4", "A4  0   210 x 297 mm, 8.26 x 11.69 inches", 210.0, 297.0],
  ["A5", "A5  9   148 x 210 mm", 148.0, 210.0],
  ["A6", "A6  10  105 x 148 mm", 105.0, 148.0],
  ["A7", "A7  11  74 x 105 mm", 74.0, 105.0],
  ["A8", "A8  12  52 x 74 mm", 52.0, 74.0],
  ["A9", "A9  13  37 x 52 mm", 37.0, 52.0],
  ["B0", "B0  14  1000 x 1414 mm", 1000.0, 1414.0],
  ["B1", "B1  15  707 x 1000 mm", 707.0, 1000.0],
  ["B2", "B2  17  500 x 707 mm", 500.0, 707.0],
  ["B3", "B3  18  353 x 500 mm", 353.0, 500.0],
  ["B4", "B4  19  250 x 353 mm", 250.0, 353.0],
  ["B5", "B5  1   176 x 250 mm, 6.93 x 9.84 inches", 176.0, 250.0],
  ["B6", "B6  20  125 x 176 mm", 125.0, 176.0],
  ["B7", "B7  21  88 x 125 mm", 88.0, 125.0],
  ["B8", "B8  22  62 x 88 mm", 62.0, 88.0],
  ["B9", "B9  23  33 x 62 mm", 33.0, 62.0],
  ["B10", "B10    16  31 x 44 mm", 31.0, 44.0],
  ["C5E", "C5E 24  163 x 229 mm", 163.0, 229.0],
  ["Comm10E", "Comm10E 25  105 x 241 mm, U.S. Common 10 Envelope", 105.0, 241.0],
  ["DLE", "DLE 26 110 x 220 mm", 110.0, 220.0],
  ["Executive", "Executive 4   7.5 x 10 inches, 190.5 x 254 mm", 190.5, 254.0],
  ["Folio", "Folio 27  210 x 330 mm", 210.0, 330.0],
  ["Ledger", "Ledger  28  431.8 x 279.4 mm", 431.8, 279.4],
  ["Legal", "Legal    3   8.5 x 14 inches, 215.9 x 355.6 mm", 215.9, 355.6],
  ["Letter", "Letter 2 8.5 x 11 inches, 215.9 x 279.4 mm", 215.9, 279.4],
  ["Tabloid", "Tabloid 29 279.4 x 431.8 mm", 279.4, 431.8],
  ["custom", "Custom", 0, 0],
];

export const reportPaperformat: ModelDecl = {
  _name: 'report.paperformat',
  _description: 'Paper Format Config',
  fields: {
    name: { type: 'char', string: 'Name', required: true },
    default: { type: 'boolean', string: 'Default paper format?' },
    format: { type: 'selection', string: 'Paper size', selection: PAPER_SIZES.map(([key, description]) => [key, description]), default: 'A4', help: 'Select Proper Paper size' },
    margin_top: { type: 'float', string: 'Top Margin (mm)', default: 40 },
    margin_bottom: { type: 'float', string: 'Bottom Margin (mm)', default: 20 },
    margin_left: { type: 'float', string: 'Left Margin (mm)', default: 7 },
    margin_right: { type: 'float', string: 'Right Margin (mm)', default: 7 },
    page_height: { type: 'integer', string: 'Page height (mm)', default: false },
    page_width: { type: 'integer', string: 'Page width (mm)', default: false },
    orientation: { type: 'selection', string: 'Orientation', selection: [['Landscape', 'Landscape'], ['Portrait', 'Portrait']], default: 'Landscape' },
    header_line: { type: 'boolean', string: 'Display a header line', default: false },
    header_spacing: { type: 'integer', string: 'Header spacing', default: 35 },
    disable_shrinking: { type: 'boolean', string: 'Disable smart shrinking' },
    dpi: { type: 'integer', string: 'Output DPI', required: true, default: 90 },
    report_ids: { type: 'one2many', comodel: 'ir.actions.report', inverse_name: 'paperformat_id', string: 'Associated reports', help: 'Explicitly associated reports' },
    print_page_width: { type: 'float', string: 'Print page width (mm)', compute: '_compute_print_page_size' },
    print_page_height: { type: 'float', string: 'Print page height (mm)', compute: '_compute_print_page_size' },
  },
  constrains: { _check_format_or_page: ['format'] },
  methods: (Base) => class extends Base {
    _check_format_or_page(): void {
      for (const v of this._values(['format', 'page_width', 'page_height']).values()) {
        if (v.format !== 'custom' && (v.page_width || v.page_height)) throw new ValidationError('You can select either a format or a specific page width/height, but not both.');
      }
    }

    /** The page's size in mm from the format (or the custom size), swapped in landscape. */
    _compute_print_page_size(field: { name: string }): Map<number, unknown> {
      const vals = this._values(['format', 'page_width', 'page_height', 'orientation']);
      return new Map(this.ids.map((id): [number, unknown] => {
        const v = vals.get(id) ?? {};
        let width = 0;
        let height = 0;
        if (v.format === 'custom') {
          width = Number(v.page_width || 0);
          height = Number(v.page_height || 0);
        } else if (v.format) {
          const size = PAPER_SIZES.find(([key]) => key === v.format);
          if (size) [width, height] = [size[2], size[3]];
        }
        if (v.orientation === 'Landscape') [width, height] = [height, width];
        return [id, field.name === 'print_page_width' ? width : height];
      }));
    }
  },
};
