/**
 * Real headless Chromium for page tests (Debian's /usr/bin/chromium driven by
 * playwright-core). In CI the browser must exist; locally a missing browser skips with a reason.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM_OFFLINE_FLAGS } from '../../shared/pdf/chromium-pdf.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [...CHROMIUM_OFFLINE_FLAGS];

/** Why page tests cannot run here, or undefined when they can (never skipped in CI). */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM_PATH) || process.env.CI === 'true') return undefined;
  return `no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export const SCREENSHOT_DIR = 'out/screenshots';

/** Saves a full-page screenshot under out/screenshots/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Presses Tab until `selector` has focus; returns the ids/labels passed on the way. */
export async function tabTo(page: Page, selector: string, limit = 60): Promise<string[]> {
  const passed: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const here = await page.evaluate((wanted) => {
      const active = document.activeElement as HTMLElement | null;
      return {
        name: active
          ? active.id ||
            active.getAttribute('name') ||
            active.textContent?.trim().slice(0, 20) ||
            active.tagName
          : '',
        matches: Boolean(active?.matches(wanted)),
      };
    }, selector);
    passed.push(here.name);
    if (here.matches) return passed;
  }
  throw new Error(`Tab never reached ${selector}; passed ${passed.join(', ')}`);
}

/**
 * WCAG contrast ratios of the visible texts matching a selector against their effective
 * backgrounds, lowest first.
 */
export function contrastRatios(page: Page, selector: string) {
  return page.evaluate((wanted) => {
    const parse = (color: string) => {
      const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(color);
      return m
        ? { r: +m[1]!, g: +m[2]!, b: +m[3]!, a: m[4] === undefined ? 1 : +m[4] }
        : { r: 0, g: 0, b: 0, a: 0 };
    };
    const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => {
      const f = (v: number) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (element: Element | null): { r: number; g: number; b: number } => {
      for (let node = element; node; node = node.parentElement) {
        const color = parse(getComputedStyle(node).backgroundColor);
        if (color.a > 0.5) return color;
      }
      return { r: 255, g: 255, b: 255 };
    };
    return [...document.querySelectorAll(wanted)]
      .filter((element) => (element as HTMLElement).offsetParent !== null && element.textContent?.trim())
      .map((element) => {
        const fg = luminance(parse(getComputedStyle(element).color));
        const bg = luminance(background(element));
        const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
        return { text: element.textContent?.trim().slice(0, 30) ?? '', ratio: Math.round(ratio * 100) / 100 };
      })
      .sort((a, b) => a.ratio - b.ratio);
  }, selector);
}
