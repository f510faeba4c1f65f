/**
 * utm addon: the marketing trackers (campaign, medium, source, stage, tag) and `utm.mixin`,
 * which gives a model its campaign_id / source_id / medium_id fields (utm/models/utm_mixin.py).
 * Installed as a dependency of sale; kept to the fields clients read and write.
 */
import type { ModelDecl } from '../orm/registry';
import type { BaseModel } from '../orm/model';

export const utmMixin: ModelDecl = {
  _name: 'utm.mixin',
  _description: 'UTM Mixin',
  _abstract: true,
  fields: {
    campaign_id: { type: 'many2one', comodel: 'utm.campaign', string: 'Campaign', index: 'btree_not_null', help: 'This is a name that helps you keep track of your different campaign efforts, e.g. Fall_Drive, Christmas_Special' },
    source_id: { type: 'many2one', comodel: 'utm.source', string: 'Source', index: 'btree_not_null', help: 'This is the source of the link, e.g. Search Engine, another domain, or name of email list' },
    medium_id: { type: 'many2one', comodel: 'utm.medium', string: 'Medium', index: 'btree_not_null', help: 'This is the method of delivery, e.g. Postcard, Email, or Banner Ad' },
  },
};

export const utmStage: ModelDecl = {
  _name: 'utm.stage',
  _description: 'Campaign Stage',
  _order: 'sequence, id',
  fields: {
    name: { type: 'char', required: true, translate: true },
    sequence: { type: 'integer' },
  },
};

export const utmTag: ModelDecl = {
  _name: 'utm.tag',
  _description: 'UTM Tag',
  _order: 'name',
  fields: {
    name: { type: 'char', required: true, translate: true },
    color: { type: 'integer', string: 'Color Index' },
  },
  _sql_constraints: [['name_uniq', 'unique (name)', 'Tag name already exists!']],
};

export const utmCampaign: ModelDecl = {
  _name: 'utm.campaign',
  _description: 'UTM Campaign',
  _rec_name: 'title',
  fields: {
    active: { type: 'boolean', default: true },
    name: { type: 'char', string: 'Campaign Identifier', required: true },
    title: { type: 'char', string: 'Campaign Name', required: true, translate: true },
    user_id: { type: 'many2one', comodel: 'res.users', string: 'Responsible', required: true, default: (m: BaseModel) => m.env.uid },
    stage_id: { type: 'many2one', comodel: 'utm.stage', string: 'Stage', required: true, ondelete: 'restrict', default: (m: BaseModel) => firstStage(m) },
    tag_ids: { type: 'many2many', comodel: 'utm.tag', relation: 'utm_tag_rel', column1: 'tag_id', column2: 'campaign_id', string: 'Tags' },
    is_auto_campaign: { type: 'boolean', string: 'Automatically Generated Campaign', default: false },
    color: { type: 'integer', string: 'Color Index' },
    company_id: { type: 'many2one', comodel: 'res.company', string: 'Company' },
  },
  _sql_constraints: [['unique_name', 'UNIQUE(name)', 'The name must be unique']],
  methods: (Base) => class extends Base {
    // the identifier and the title are one value in the community edition (utm_campaign.py create)
    _create(valsList: Array<Record<string, unknown>>): this {
      return super._create(valsList.map((v) => ({ ...v, name: v.name ?? v.title, title: v.title ?? v.name })));
    }
  },
};

function firstStage(m: BaseModel): number | false {
  return m.env.model('utm.stage').sudo()._searchIds([], { limit: 1, order: 'sequence, id' })[0] ?? false;
}

export const utmMedium: ModelDecl = {
  _name: 'utm.medium',
  _description: 'UTM Medium',
  _order: 'name',
  fields: {
    name: { type: 'char', string: 'Medium Name', required: true },
    active: { type: 'boolean', default: true },
  },
  _sql_constraints: [['unique_name', 'UNIQUE(name)', 'The name must be unique']],
};

export const utmSource: ModelDecl = {
  _name: 'utm.source',
  _description: 'UTM Source',
  fields: {
    name: { type: 'char', string: 'Source Name', required: true },
  },
  _sql_constraints: [['unique_name', 'UNIQUE(name)', 'The name must be unique']],
};

export const utmModels: ModelDecl[] = [utmMixin, utmStage, utmTag, utmCampaign, utmMedium, utmSource];
