import axe, { type Result } from 'axe-core';
import { expect } from 'vitest';
import { page } from 'vitest/browser';

/** One axe violation as a readable block: rule, impact, help, and each node's target and why. */
function describeViolation(violation: Result): string {
  const nodes = violation.nodes.map(
    (node) =>
      `    at ${JSON.stringify(node.target)}: ${node.failureSummary?.replace(/\s+/g, ' ') ?? ''}`,
  );
  return [`  ${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help}`, ...nodes].join(
    '\n',
  );
}

/**
 * Runs axe-core on `element` (its open shadow root included) and fails with every violation's
 * rule id, impact, help text and target nodes.
 */
export async function expectNoAxeViolations(element: HTMLElement, state: string): Promise<void> {
  const results = await axe.run(element, { resultTypes: ['violations'] });
  const report = results.violations.map(describeViolation).join('\n');
  expect(results.violations, `axe violations in ${state}:\n${report}`).toEqual([]);
}

/** Saves a PNG of `element` to packages/elements/.screenshots/`name`.png (git-ignored). */
export async function saveScreenshot(element: HTMLElement, name: string): Promise<void> {
  await page.screenshot({ element, path: `../../.screenshots/${name}.png` });
}

/** Checks `element` with axe in the state it is in, then photographs it. */
export async function checkState(element: HTMLElement, name: string): Promise<void> {
  await expectNoAxeViolations(element, name);
  await saveScreenshot(element, name);
}
