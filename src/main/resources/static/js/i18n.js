// Every text of the console comes from /i18n/<language>.json. English wording follows the API contract.

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
];

const STORAGE_KEY = 'gahorouter.language';
let messages = {};
let fallback = {};
let current = 'en';

function initialLanguage() {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (LANGUAGES.some((l) => l.code === saved)) return saved;
  return (navigator.language || '').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

async function load(code) {
  const response = await fetch(`/i18n/${code}.json`);
  if (!response.ok) throw new Error(`Missing messages for ${code}`);
  return response.json();
}

export async function initI18n() {
  fallback = await load('en');
  await setLanguage(initialLanguage());
}

export async function setLanguage(code) {
  messages = code === 'en' ? fallback : await load(code);
  current = code;
  localStorage.setItem(STORAGE_KEY, code);
  document.documentElement.lang = code;
}

export function language() {
  return current;
}

/** t('keys.created', {name: 'x'}) → the message with {name} replaced. */
export function t(key, params = {}) {
  const text = messages[key] ?? fallback[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

/** Splits a message around {placeholders}, putting nodes in their place (links inside a sentence). */
export function tNodes(key, nodes) {
  return t(key).split(/(\{\w+\})/).filter(Boolean)
    .map((part) => (/^\{\w+\}$/.test(part) ? nodes[part.slice(1, -1)] ?? part : part));
}

export function has(key) {
  return key in messages || key in fallback;
}

const regionFlags = { CN: '🇨🇳', OVERSEAS: '🌍' };
export function regionLabel(code) {
  return t(`region.${code}`);
}
export function regionFlag(code) {
  return regionFlags[code] ?? '';
}

export function formatDate(iso) {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(current, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatNumber(value) {
  return Number(value ?? 0).toLocaleString(current);
}

/** Money stays a decimal string from the server; only grouping is added for display. */
export function formatMoney(value) {
  if (value === null || value === undefined) return '—';
  const [whole, fraction = '00'] = String(value).split('.');
  const negative = whole.startsWith('-');
  const digits = negative ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${fraction}`;
}
