/**
 * Bulk generator of res.partner rows, written with direct SQL into an existing database file
 * of the emulator while no server has it open.
 *
 *   node dist/bench/generate.js <db.sqlite> <count> [--seed N]
 *
 * Rows look like an Odoo customer base: ~10% companies (res.partner is_company) each with
 * 0–16 contacts (parent_id, type 'contact', the company's address as Odoo syncs it,
 * complete_name "Company, Person", commercial_partner_id = the company,
 * commercial_company_name = its name), the rest individuals; realistic first/last names
 * (a few rare surnames, ~1 in 20,000 rows each, for selective searches), emails, phones,
 * streets, cities with their country (country_id from res.country by ISO code),
 * partner_share = 1, active = 1, lang en_US, create/write uid 2 (admin) and dates.
 *
 * Speed: the indexes and triggers of res_partner are dropped and rebuilt afterwards (FTS5 trigram
 * tables with content=res_partner are rebuilt in one pass), PRAGMA synchronous=OFF
 * and journal_mode=OFF during the load, one prepared multi-row INSERT (500 rows per statement)
 * and one transaction per 10,000 rows. The file is left in WAL mode, as the server leaves it.
 */
import Sqlite from 'better-sqlite3';
import { performance } from 'perf_hooks';
import { isContentless, refillTrigramIndexSql, trigramColumns, trigramIndex } from '../models/orm/trigram';

const FIRST_NAMES = `James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph Jessica
Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty Anthony Sandra Mark Margaret Donald Ashley Steven Kimberly
Andrew Emily Paul Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah Timothy Stephanie Ronald Rebecca
Jason Laura Edward Sharon Jeffrey Cynthia Ryan Kathleen Jacob Helen Gary Amy Nicholas Anna Eric Shirley Jonathan Angela Stephen
Emma Liam Olivia Noah Sophie Lucas Mia Hugo Sofia Louis Lina Jules Zoe Arthur Nora Adam Lea Gabriel Chloe Raphael Camille Leo
Manon Nathan Ines Ethan Alice Tom Julia Max Clara Paul Lena Felix Hannah Jonas Marie Lukas Laura Finn Anna Elias Mila Ben Emilia
Giulia Marco Francesca Luca Chiara Matteo Alessia Lorenzo Sara Andrea Martina Pablo Lucia Alejandro Carmen Javier Elena Diego
Marta Sergio Paula Joao Beatriz Pedro Ana Tiago Ines Piotr Anna Jakub Zofia Jan Eva Lars Ingrid Sven Freya Erik Astrid Aisha Omar
Fatima Yusuf Priya Arjun Ananya Rohan Mei Wei Yuki Haruto Sakura Kenji Min Jisoo Thanh Linh Kwame Amara Chidi Zainab Diego Valentina`.split(/\s+/);

const LAST_NAMES = `Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson
Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright
Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Peeters Janssens Maes Jacobs
Mertens Willems Claes Goossens Wouters DeSmet Dubois Lambert Dupont Leroy Moreau Bernard Petit Durand Leroux Fournier Girard Bonnet
Muller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf Rossi Russo Ferrari Esposito
Bianchi Romano Colombo Ricci Marino Greco Fernandez Gomez Diaz Alvarez Moreno Romero Navarro Silva Santos Ferreira Pereira Oliveira
Costa Rodrigues Nowak Kowalski Wisniewski Jensen Nielsen Hansen Pedersen Andersen Larsen Johansson Karlsson Nilsson Eriksson
Kowalczyk Novak Horvat Kovac Popescu Ionescu Papadopoulos Yilmaz Kaya Demir Sato Suzuki Takahashi Tanaka Watanabe Kim Park Choi
Wang Li Zhang Liu Chen Yang Huang Singh Kumar Sharma Patel Gupta Khan Ali Ahmed Hassan Okafor Mensah Mwangi Dlamini Murphy Kelly
OBrien Walsh Byrne Ryan Fitzgerald Evans Davies Hughes Morgan Griffiths Owen Lloyd MacDonald Campbell Stewart Reid Murray`.split(/\s+/);

/** Rare surnames: each ~1 row in 20,000 (≈50 per million), for a selective `name ilike`. */
export const RARE_SURNAMES = ['Zabriskie', 'Quixley', 'Vandermeulenbroeck', 'Oyelaran', 'Przybylski', 'Xanthopoulos', 'Wojciechowska', 'Thistlethwaite',
  'Featherstonehaugh', 'Kolodziejczyk', 'Abernathy-Quist', 'Yarborough', 'Dziedzic', 'Brzezinski', 'Ouellette', 'Llewelyn', 'Nakamura-Voss',
  'Szczepanski', 'Haverkamp', 'Ignatowicz'];
/** A fragment of one rare surname, for the selective search (`name ilike 'abrisk'`). */
export const RARE_FRAGMENT = 'abrisk';

const COMPANY_WORDS = `Gemini Azure Deco Ready Lumber Wood Corner Alpine Atlas Beacon Cedar Crystal Delta Eagle Evergreen Falcon Frontier Global
Harbor Horizon Iron Jade Keystone Lakeside Liberty Lotus Maple Meridian Nova Oak Orion Pacific Phoenix Pinnacle Prime Quantum Redwood
River Sapphire Silver Solar Sterling Summit Titan Unity Vertex Vista Willow Zenith Blue Green Nordic Urban Royal Coastal Northern`.split(/\s+/);
const COMPANY_NOUNS = `Furniture Interior Logistics Consulting Systems Solutions Foods Textiles Motors Pharma Energy Construction Design Media Labs
Partners Industries Trading Electronics Farms Bakery Studio Engineering Analytics Robotics Apparel Metals Plastics Transport Travel
Software Hardware Ventures Capital Holdings Supplies Services Outdoor Marine Dental Optics`.split(/\s+/);
const COMPANY_SUFFIXES = ['', '', '', ' Inc', ' Ltd', ' SA', ' NV', ' GmbH', ' SRL', ' BV', ' LLC', ' & Co', ' Group'];
const FUNCTIONS = ['Sales Manager', 'Purchaser', 'Accountant', 'CEO', 'CFO', 'Office Manager', 'Consultant', 'Engineer', 'Buyer', 'Assistant', 'Director', 'Developer', ''];
const STREETS = `Main Street|Oak Avenue|Rue de la Loi|Avenue Louise|Kerkstraat|Stationsstraat|Hauptstrasse|Bahnhofstrasse|Via Roma|Calle Mayor|High Street|
Church Road|Park Lane|Mill Road|Rue du Commerce|Boulevard Haussmann|Rua Augusta|Ulica Dluga|Market Square|Harbour Road|Elm Street|Maple Drive|Lake View|
Chaussee de Waterloo|Grote Markt|Rue Neuve|Schillerstrasse|Corso Italia|Gran Via|King Street|Queen Street|Sunset Boulevard|Broadway`.split('|').map((s) => s.trim());
const EMAIL_DOMAINS = ['example.com', 'mail.example.org', 'inbox.example.net', 'post.example.be', 'webmail.example.fr', 'example.de', 'corp.example.io'];

/** [city, ISO country code, weight]; weights skew towards a few countries, like a real customer base. */
const CITIES: Array<[string, string, number]> = [
  ['New York', 'US', 6], ['Los Angeles', 'US', 4], ['Chicago', 'US', 3], ['Houston', 'US', 3], ['Boston', 'US', 2], ['Seattle', 'US', 2], ['Miami', 'US', 2],
  ['Brussels', 'BE', 5], ['Antwerp', 'BE', 3], ['Ghent', 'BE', 2], ['Liege', 'BE', 2], ['Namur', 'BE', 1], ['Leuven', 'BE', 1],
  ['Paris', 'FR', 5], ['Lyon', 'FR', 2], ['Marseille', 'FR', 2], ['Toulouse', 'FR', 1], ['Lille', 'FR', 1],
  ['Berlin', 'DE', 4], ['Munich', 'DE', 2], ['Hamburg', 'DE', 2], ['Cologne', 'DE', 1], ['Frankfurt', 'DE', 1],
  ['London', 'GB', 4], ['Manchester', 'GB', 2], ['Birmingham', 'GB', 1], ['Edinburgh', 'GB', 1],
  ['Amsterdam', 'NL', 3], ['Rotterdam', 'NL', 2], ['Utrecht', 'NL', 1],
  ['Madrid', 'ES', 3], ['Barcelona', 'ES', 3], ['Valencia', 'ES', 1], ['Seville', 'ES', 1],
  ['Rome', 'IT', 3], ['Milan', 'IT', 3], ['Naples', 'IT', 1], ['Turin', 'IT', 1],
  ['Lisbon', 'PT', 2], ['Porto', 'PT', 1], ['Warsaw', 'PL', 2], ['Krakow', 'PL', 1], ['Vienna', 'AT', 2], ['Zurich', 'CH', 2], ['Geneva', 'CH', 1],
  ['Stockholm', 'SE', 1], ['Copenhagen', 'DK', 1], ['Oslo', 'NO', 1], ['Helsinki', 'FI', 1], ['Dublin', 'IE', 1], ['Prague', 'CZ', 1],
  ['Toronto', 'CA', 2], ['Montreal', 'CA', 1], ['Vancouver', 'CA', 1], ['Mexico City', 'MX', 2], ['Sao Paulo', 'BR', 2], ['Buenos Aires', 'AR', 1],
  ['Tokyo', 'JP', 2], ['Osaka', 'JP', 1], ['Seoul', 'KR', 1], ['Shanghai', 'CN', 2], ['Beijing', 'CN', 1], ['Mumbai', 'IN', 2], ['Bangalore', 'IN', 1],
  ['Singapore', 'SG', 1], ['Sydney', 'AU', 2], ['Melbourne', 'AU', 1], ['Auckland', 'NZ', 1], ['Johannesburg', 'ZA', 1], ['Lagos', 'NG', 1],
  ['Nairobi', 'KE', 1], ['Cairo', 'EG', 1], ['Dubai', 'AE', 1], ['Istanbul', 'TR', 1],
];

/** mulberry32: small, fast, seeded. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Columns bound per row; constant columns are literals in the INSERT. */
const BOUND = ['id', 'name', 'parent_id', 'street', 'zip', 'city', 'country_id', 'email', 'phone', 'is_company', 'function',
  'commercial_partner_id', 'commercial_company_name', 'complete_name', 'create_date', 'write_date'] as const;
const CONSTANT: Array<[string, string]> = [['lang', "'en_US'"], ['active', '1'], ['type', "'contact'"], ['color', '0'], ['partner_share', '1'],
  ['employee', '0'], ['create_uid', '2'], ['write_uid', '2']];
const ROWS_PER_STATEMENT = 500;
const ROWS_PER_TRANSACTION = 10_000;

function insertSql(rows: number): string {
  const cols = [...BOUND, ...CONSTANT.map(([c]) => c)].map((c) => `"${c}"`).join(', ');
  const one = `(${BOUND.map(() => '?').join(', ')}, ${CONSTANT.map(([, v]) => v).join(', ')})`;
  return `INSERT INTO res_partner (${cols}) VALUES ${Array(rows).fill(one).join(', ')}`;
}

export interface GenerateResult {
  file: string;
  count: number;
  companies: number;
  contacts: number;
  individuals: number;
  firstId: number;
  lastId: number;
  /** Country used most often (for the search_count scenario). */
  topCountry: { id: number; code: string; rows: number };
  insertMs: number;
  indexMs: number;
  /** Rebuild of the FTS5 (trigram) tables whose content is res_partner. */
  ftsMs: number;
  ftsTables: string[];
  /** Triggers on res_partner, dropped during the load and recreated. */
  triggers: string[];
  totalMs: number;
}

export function generatePartners(file: string, count: number, seed = 17): GenerateResult {
  const t0 = performance.now();
  const db = new Sqlite(file);
  db.pragma('journal_mode = DELETE');
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -262144');
  db.pragma('temp_store = MEMORY');

  const countryRows = db.prepare('SELECT id, code FROM res_country').all() as Array<{ id: number; code: string }>;
  const countryId = new Map(countryRows.map((r) => [r.code, r.id]));
  const cities = CITIES.filter(([, code]) => countryId.has(code));
  if (!cities.length) throw new Error('res_country is empty: not an emulator database?');
  const cityTable: number[] = [];
  cities.forEach(([, , w], i) => { for (let k = 0; k < w; k++) cityTable.push(i); });

  const firstId = ((db.prepare('SELECT MAX(id) AS m FROM res_partner').get() as { m: number | null }).m ?? 0) + 1;
  const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'res_partner' AND sql IS NOT NULL").all() as Array<{ name: string; sql: string }>;
  for (const ix of indexes) db.exec(`DROP INDEX "${ix.name}"`);
  // triggers on res_partner (e.g. those queueing rows for the FTS5 trigram index of its
  // index='trigram' fields, models/orm/trigram.ts) are dropped during the load; the trigram index
  // is filled whole at the end (an older external-content one rebuilds itself)
  const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'res_partner' AND sql IS NOT NULL").all() as Array<{ name: string; sql: string }>;
  const ftsTables = (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'").all() as Array<{ name: string; sql: string }>)
    .filter((t) => t.name === trigramIndex('res_partner') || (/using\s+fts5/i.test(t.sql) && /content\s*=\s*["'`]?res_partner["'`]?\s*[,)]/i.test(t.sql)));
  for (const tr of triggers) db.exec(`DROP TRIGGER "${tr.name}"`);

  const rand = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[(rand() * a.length) | 0];
  const digits = (n: number) => { let s = ''; for (let i = 0; i < n; i++) s += (rand() * 10) | 0; return s; };
  const surname = () => (rand() < RARE_SURNAMES.length / 20_000 ? pick(RARE_SURNAMES) : pick(LAST_NAMES));
  const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');
  const now = Date.now();
  const dates: string[] = Array.from({ length: 2048 }, (_, i) => new Date(now - Math.floor((i / 2048) * 3 * 365 * 86400_000)).toISOString().slice(0, 19).replace('T', ' '));
  const countryRowsUsed = new Map<number, number>();

  const full = db.prepare(insertSql(ROWS_PER_STATEMENT));
  const params: unknown[] = [];
  let pending = 0;
  const flushStatement = () => {
    if (!pending) return;
    if (pending === ROWS_PER_STATEMENT) full.run(params);
    else db.prepare(insertSql(pending)).run(params);
    params.length = 0;
    pending = 0;
  };
  const insertMany = db.transaction((n: number, emit: () => void) => { for (let i = 0; i < n; i++) emit(); flushStatement(); });

  let id = firstId;
  const end = firstId + count;
  let companies = 0, contacts = 0, individuals = 0;
  // current company being filled with contacts
  let company: { id: number; name: string; street: string; zip: string; city: string; country: number; domain: string } | null = null;
  let contactsLeft = 0;

  const row = (vals: unknown[]) => {
    for (const v of vals) params.push(v);
    if (++pending === ROWS_PER_STATEMENT) flushStatement();
  };

  const emit = () => {
    const date = dates[(rand() * dates.length) | 0];
    if (company && contactsLeft > 0) {
      contactsLeft--;
      contacts++;
      const first = pick(FIRST_NAMES), last = surname();
      const name = `${first} ${last}`;
      countryRowsUsed.set(company.country, (countryRowsUsed.get(company.country) ?? 0) + 1);
      row([id, name, company.id, company.street, company.zip, company.city, company.country,
        `${slug(first)}.${slug(last)}@${company.domain}`, `+${digits(2)} ${digits(3)} ${digits(2)} ${digits(2)} ${digits(2)}`, 0, pick(FUNCTIONS) || null,
        company.id, company.name, `${company.name}, ${name}`, date, date]);
      id++;
      return;
    }
    const [city, code] = cities[cityTable[(rand() * cityTable.length) | 0]];
    const country = countryId.get(code)!;
    const street = `${1 + ((rand() * 250) | 0)} ${pick(STREETS)}`;
    const zip = digits(4 + ((rand() * 2) | 0));
    countryRowsUsed.set(country, (countryRowsUsed.get(country) ?? 0) + 1);
    if (rand() < 0.7) {
      // a company, followed by 0–16 contacts (~8 on average: ~10% of the rows are companies)
      companies++;
      const name = rand() < 0.5 ? `${pick(COMPANY_WORDS)} ${pick(COMPANY_NOUNS)}${pick(COMPANY_SUFFIXES)}` : `${surname()} ${pick(COMPANY_NOUNS)}${pick(COMPANY_SUFFIXES)}`;
      const domain = `${slug(name).slice(0, 24)}${(rand() * 1000) | 0}.example.com`;
      company = { id, name, street, zip, city, country, domain };
      contactsLeft = (rand() * 17) | 0;
      row([id, name, null, street, zip, city, country, `info@${domain}`, `+${digits(2)} ${digits(3)} ${digits(3)} ${digits(3)}`, 1, null,
        id, name, name, date, date]);
    } else {
      individuals++;
      company = null;
      const first = pick(FIRST_NAMES), last = surname();
      const name = `${first} ${last}`;
      row([id, name, null, street, zip, city, country, `${slug(first)}.${slug(last)}${(rand() * 100) | 0}@${pick(EMAIL_DOMAINS)}`,
        `+${digits(2)} ${digits(3)} ${digits(2)} ${digits(2)} ${digits(2)}`, 0, null, id, null, name, date, date]);
    }
    id++;
  };

  while (id < end) insertMany(Math.min(ROWS_PER_TRANSACTION, end - id), emit);
  const t1 = performance.now();
  db.transaction(() => { for (const ix of indexes) db.exec(ix.sql); })();
  const t2 = performance.now();
  db.transaction(() => {
    for (const t of ftsTables) {
      if (isContentless(t.sql)) {
        db.exec(`INSERT INTO "${t.name}"("${t.name}") VALUES ('delete-all')`);
        db.exec(refillTrigramIndexSql('res_partner', trigramColumns(t.sql)));
      } else {
        db.exec(`INSERT INTO "${t.name}"("${t.name}") VALUES ('rebuild')`);
      }
    }
    for (const tr of triggers) db.exec(tr.sql);
  })();
  const t3 = performance.now();
  db.pragma('journal_mode = WAL');
  db.close();
  const [topId, topRows] = [...countryRowsUsed.entries()].sort((a, b) => b[1] - a[1])[0];
  return {
    file, count, companies, contacts, individuals, firstId, lastId: end - 1,
    topCountry: { id: topId, code: countryRows.find((r) => r.id === topId)?.code ?? '?', rows: topRows },
    insertMs: t1 - t0, indexMs: t2 - t1, ftsMs: t3 - t2, ftsTables: ftsTables.map((t) => t.name), triggers: triggers.map((t) => t.name), totalMs: performance.now() - t0,
  };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const seedAt = args.indexOf('--seed');
  const seed = seedAt >= 0 ? Number(args.splice(seedAt, 2)[1]) : 17;
  const [file, countArg] = args;
  const count = Number(countArg ?? 1_000_000);
  if (!file || !Number.isInteger(count) || count < 0) {
    process.stderr.write('usage: node dist/bench/generate.js <db.sqlite> <count> [--seed N]\n');
    process.exit(2);
  }
  const r = generatePartners(file, count, seed);
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  process.stdout.write(`${r.count} partners (${r.companies} companies, ${r.contacts} contacts, ${r.individuals} individuals) in ${(r.totalMs / 1000).toFixed(1)} s ` +
    `(insert ${(r.insertMs / 1000).toFixed(1)} s, indexes ${(r.indexMs / 1000).toFixed(1)} s, FTS rebuild ${(r.ftsMs / 1000).toFixed(1)} s)\n`);
}
