/**
 * Benchmark sections beyond throughput/startup/scale, each in its own file: add one line here.
 * A section runs in the benchmark process (it may start servers or use the ORM from dist/
 * directly) and returns latency rows; its targets are collected into the report's target table.
 */
import type { BenchSection } from './report';
import { modulesSection } from './modules';
import { invoicesSection } from './invoices';
import { saleSection } from './sale';
import { portalDocumentsSection } from './portal_documents';
import { filesBenchSection } from './files';
import { addonsSection } from './addons';
import { poolSection } from './pool';

export interface SectionContext {
  quick: boolean;
  /** A temporary directory for this run, removed at the end. */
  tmp: string;
  say(message: string): void;
}

export const EXTRA_SECTIONS: Array<{ key: string; run(ctx: SectionContext): Promise<BenchSection> }> = [
  { key: 'modules', run: modulesSection },
  { key: 'invoices', run: invoicesSection },
  { key: 'sale', run: saleSection },
  { key: 'portal_documents', run: portalDocumentsSection },
  { key: 'files', run: filesBenchSection },
  { key: 'addons', run: addonsSection },
  { key: 'pool', run: poolSection },
];
