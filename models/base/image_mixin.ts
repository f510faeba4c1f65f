/**
 * image.mixin and avatar.mixin (odoo/addons/base/models/image_mixin.py, avatar_mixin.py), the
 * abstract models business models inherit for a picture: image_1920 and its stored, shrunk
 * copies (image_1024 … image_128, attachments like every Image field), and avatars that show
 * the image of that size, else the initial of the record's name on a colour, else a grey
 * placeholder. res.partner keeps its own copy of these fields (its avatars depend on its users).
 */
import type { FieldSpec } from '../orm/fields';
import type { ModelDecl } from '../orm/registry';
import { avatarPlaceholder, avatarSvg } from './avatar';

const SIZES = [['1024', 'Image 1024'], ['512', 'Image 512'], ['256', 'Image 256'], ['128', 'Image 128']] as const;
const AVATARS = [['1920', 'Avatar'], ['1024', 'Avatar 1024'], ['512', 'Avatar 512'], ['256', 'Avatar 256'], ['128', 'Avatar 128']] as const;

export const imageMixin: ModelDecl = {
  _name: 'image.mixin',
  _description: "Image Mixin",
  _abstract: true,
  fields: {
    image_1920: { type: 'binary', image: true, string: 'Image', max_width: 1920, max_height: 1920 },
    ...Object.fromEntries(SIZES.map(([size, string]): [string, FieldSpec] => [`image_${size}`,
      { type: 'binary', image: true, string, related: 'image_1920', max_width: Number(size), max_height: Number(size), store: true }])),
  },
};

export const avatarMixin: ModelDecl = {
  _name: 'avatar.mixin',
  _description: 'Avatar Mixin',
  _inherit: ['image.mixin'],
  _abstract: true,
  fields: Object.fromEntries(AVATARS.map(([size, string]): [string, FieldSpec] => [`avatar_${size}`,
    { type: 'binary', image: true, string, compute: `_compute_avatar_${size}`, depends: ['name', `image_${size}`] }])),
  methods: (Base) => class extends Base {
    _compute_avatar_1920(): Map<number, unknown> { return this._computeMixinAvatar('image_1920'); }
    _compute_avatar_1024(): Map<number, unknown> { return this._computeMixinAvatar('image_1024'); }
    _compute_avatar_512(): Map<number, unknown> { return this._computeMixinAvatar('image_512'); }
    _compute_avatar_256(): Map<number, unknown> { return this._computeMixinAvatar('image_256'); }
    _compute_avatar_128(): Map<number, unknown> { return this._computeMixinAvatar('image_128'); }
    /** avatar_mixin.py _compute_avatar: the image, else the SVG of the name (_avatar_name_field 'name'), else avatar_grey. */
    _computeMixinAvatar(imageField: string): Map<number, unknown> {
      const su = this.sudo().withContext({ ...this.env.context, bin_size: false });
      const images = su._readAttachmentField(this.cls._fields[imageField]);
      const vals = this.cls._fields.name ? su._values(['name', 'create_date']) : new Map<number, Record<string, unknown>>();
      return new Map(this.ids.map((id) => {
        const image = images.get(id);
        if (image) return [id, image];
        const v = vals.get(id) ?? {};
        return [id, v.name ? avatarSvg(String(v.name), v.create_date as string | false) : avatarPlaceholder('avatar_grey')];
      }));
    }
  },
};
