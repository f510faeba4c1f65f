/**
 * The README's "Use it in your tests" examples are these test files, verbatim: each block
 * follows a `<!-- example: PATH -->` marker and must equal the file it names, so the examples
 * users copy are the ones CI runs.
 */
import fs from 'fs';
import path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const examples = [...readme.matchAll(/<!-- example: (\S+) -->\n```\w*\n([\s\S]*?)```/g)].map((m) => ({ file: m[1], code: m[2] }));

it('shows the jest, Playwright and pytest examples', () => {
  expect(examples.map((e) => e.file)).toEqual(['test/examples/jest_example.test.ts', 'test/examples/playwright_example.test.ts', 'test/python/test_example.py']);
});

it.each(examples.map((e) => [e.file, e.code]))('%s is in the README as it is in the repository', (file, code) => {
  expect(code).toBe(fs.readFileSync(path.join(ROOT, file), 'utf8'));
});
