/** Locations of the project's own files, valid from sources (ts-jest) and from dist/. */
import fs from 'fs';
import path from 'path';

function findRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) return start;
    dir = up;
  }
  return dir;
}

export const PROJECT_ROOT = findRoot(__dirname);
export const FIXTURES_DIR = path.join(PROJECT_ROOT, 'fixtures');
export const VIEWS_DIR = path.join(PROJECT_ROOT, 'views');
