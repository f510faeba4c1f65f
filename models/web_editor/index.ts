/**
 * web_editor's ir.attachment fields (addons/web_editor/models/ir_attachment.py): local_url,
 * image_src for the supported image types, image size, and the original of a resized image.
 */
import type { ModelDecl } from '../orm/registry';
import { imageSize } from '../tools/image';

const SUPPORTED_IMAGE_MIMETYPES = ['image/gif', 'image/jpe', 'image/jpeg', 'image/jpg', 'image/png', 'image/svg+xml', 'image/webp'];

const attachmentMedia: ModelDecl = {
  _inherit: 'ir.attachment',
  fields: {
    local_url: { type: 'char', string: 'Attachment URL', compute: '_compute_local_url' },
    image_src: { type: 'char', string: 'Image Src', compute: '_compute_image_src' },
    image_width: { type: 'integer', string: 'Image Width', compute: '_compute_image_size' },
    image_height: { type: 'integer', string: 'Image Height', compute: '_compute_image_size' },
    original_id: { type: 'many2one', comodel: 'ir.attachment', string: 'Original (unoptimized, unresized) attachment' },
  },
  methods: (Base) => class extends Base {
    _compute_local_url(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const [id, v] of this._values(['url', 'checksum'])) out.set(id, v.url || `/web/image/${id}?unique=${v.checksum || 'False'}`);
      return out;
    }

    _compute_image_src(): Map<number, unknown> {
      const out = new Map<number, unknown>();
      for (const [id, v] of this._values(['mimetype', 'url', 'name', 'type', 'checksum'])) {
        if (!SUPPORTED_IMAGE_MIMETYPES.includes(String(v.mimetype))) { out.set(id, false); continue; }
        const name = encodeURIComponent(String(v.name ?? '')).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
        if (v.type === 'url') out.set(id, String(v.url).startsWith('/') ? v.url : `/web/image/${id}-redirect/${name}`);
        else if (v.url) out.set(id, `${v.url}${String(v.url).includes('?') ? '&' : '?'}unique=${String(v.checksum).slice(0, 8)}`);
        else out.set(id, `/web/image/${id}-${String(v.checksum).slice(0, 8)}/${name}`);
      }
      return out;
    }

    _compute_image_size(f: { name: string }): Map<number, unknown> {
      const out = new Map<number, unknown>();
      const raws = (this as unknown as { _rawValues(): Map<number, Buffer> })._rawValues();
      for (const id of this.ids) {
        let size = { width: 0, height: 0 };
        try {
          const data = raws.get(id);
          if (data?.length) size = imageSize(data);
        } catch { /* not an image: 0 × 0 */ }
        out.set(id, f.name === 'image_width' ? size.width : size.height);
      }
      return out;
    }
  },
};

export const webEditorModels: ModelDecl[] = [attachmentMedia].map((d) => ({ _module: 'web_editor', ...d }));
