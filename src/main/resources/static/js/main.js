// The console's shell: client-side routes, the navigation for the signed-in role, the language switch.
// The server answers index.html for each path below (web.ConsolePages keeps the same list).

import { h, mount } from './dom.js';
import { initI18n, setLanguage, language, LANGUAGES, t } from './i18n.js';
import { session, loadMe, post, whenSignedOut } from './api.js';
import { regionBadge, loading, alertBox } from './ui.js';
import * as auth from './pages/auth.js';
import { dashboardPage } from './pages/dashboard.js';
import { modelGroupsPage } from './pages/model-groups.js';
import { keysPage } from './pages/keys.js';
import { usagePage } from './pages/usage.js';
import { membersPage } from './pages/members.js';
import { billingPage } from './pages/billing.js';
import { auditPage } from './pages/audit.js';
import { settingsPage } from './pages/settings.js';
import * as operator from './pages/operator.js';

const PUBLIC = 'public';
const TENANT = 'tenant';
const ADMIN = 'admin';
const OPERATOR = 'operator';

const routes = [
  { path: '/sign-in', access: PUBLIC, page: auth.signInPage },
  { path: '/register', access: PUBLIC, page: auth.registerPage },
  { path: '/forgot-password', access: PUBLIC, page: auth.forgotPasswordPage },
  { path: '/invitations/:token', access: PUBLIC, page: auth.invitationPage },
  { path: '/dashboard', access: TENANT, nav: 'nav.dashboard', page: dashboardPage },
  { path: '/model-groups', access: TENANT, nav: 'nav.modelGroups', page: modelGroupsPage },
  { path: '/keys', access: TENANT, nav: 'nav.apiKeys', page: keysPage },
  { path: '/usage', access: TENANT, nav: 'nav.usage', page: usagePage },
  { path: '/billing', access: TENANT, nav: 'nav.billing', page: billingPage },
  { path: '/members', access: ADMIN, nav: 'nav.members', page: membersPage },
  { path: '/audit-log', access: ADMIN, nav: 'nav.auditLog', page: (view) => auditPage(view, false) },
  { path: '/settings', access: TENANT, nav: 'nav.settings', page: settingsPage },
  { path: '/operator/model-groups', access: OPERATOR, nav: 'nav.operatorGroups', page: operator.modelGroupsPage },
  { path: '/operator/tenants', access: OPERATOR, nav: 'nav.operatorTenants', page: operator.tenantsPage },
  { path: '/operator/audit-log', access: OPERATOR, nav: 'nav.auditLog', page: (view) => auditPage(view, true) },
];

const app = document.getElementById('app');
let cleanup = null;

function match(pathname) {
  for (const route of routes) {
    const names = [];
    const pattern = new RegExp(`^${route.path.replace(/:(\w+)/g, (m, name) => {
      names.push(name);
      return '([^/]+)';
    })}/?$`);
    const found = pathname.match(pattern);
    if (found) {
      const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1])]));
      return { route, params };
    }
  }
  return null;
}

function role() {
  return session.me?.user?.role;
}

function allowed(route) {
  switch (route.access) {
    case PUBLIC: return true;
    case TENANT: return role() === 'TENANT_ADMIN' || role() === 'MEMBER';
    case ADMIN: return role() === 'TENANT_ADMIN';
    case OPERATOR: return role() === 'SYSTEM_ADMIN';
    default: return false;
  }
}

function home() {
  if (!session.me) return '/sign-in';
  return role() === 'SYSTEM_ADMIN' ? '/operator/model-groups' : '/dashboard';
}

/** Client-side navigation: pushes the path and renders it. */
export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  render();
}

/** After a sign-in answer: keep the token, load who we are, go home. */
export async function signedIn(answer, path) {
  session.token = answer.token;
  await loadMe();
  navigate(path || home(), { replace: true });
}

async function render() {
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  if (session.token && !session.me) {
    try {
      await loadMe();
    } catch {
      session.token = null;
    }
  }
  const found = match(location.pathname);
  if (!found) {
    navigate(home(), { replace: true });
    return;
  }
  const { route, params } = found;
  if (route.access !== PUBLIC && !session.me) {
    navigate('/sign-in', { replace: true });
    return;
  }
  if (route.access === PUBLIC && session.me && route.page !== auth.invitationPage) {
    navigate(home(), { replace: true });
    return;
  }
  if (!allowed(route)) {
    navigate(home(), { replace: true });
    return;
  }
  const main = h('main', { id: 'main', class: route.access === PUBLIC ? 'public' : 'content', tabindex: '-1' });
  mount(app, shell(route), main);
  app.removeAttribute('aria-busy');
  document.title = `${route.nav ? t(route.nav) : t('app.name')} · ${t('app.name')}`;
  mount(main, loading());
  const view = {
    main,
    params,
    navigate,
    signedIn,
    refreshShell: async () => {
      await loadMe();
      app.querySelector('header')?.replaceWith(shell(route));
    },
    onLeave: (fn) => { cleanup = fn; },
  };
  try {
    await route.page(view);
  } catch (error) {
    const box = alertBox();
    box.show(error);
    mount(main, box);
  }
}

function link(path, label, current) {
  return h('a', { href: path, 'aria-current': current ? 'page' : null }, label);
}

function languageSwitch() {
  const id = 'language-switch';
  return h('div', { class: 'language' },
    h('label', { for: id }, t('common.language')),
    h('select', {
      id,
      onchange: async (event) => {
        await setLanguage(event.target.value);
        render();
      },
    }, LANGUAGES.map((l) => h('option', { value: l.code, selected: l.code === language() }, l.label))));
}

function shell(current) {
  const brand = h('a', { href: home(), class: 'brand' }, h('span', { class: 'logo', 'aria-hidden': 'true' }, 'g'), t('app.name'));
  if (!session.me) {
    return h('header', { class: 'topbar public' }, brand, languageSwitch());
  }
  const nav = h('nav', { 'aria-label': t('nav.label') },
    routes.filter((r) => r.nav && allowed(r)).map((r) => link(r.path, t(r.nav), r === current)));
  const tenant = session.me.tenant;
  return h('header', { class: 'topbar' },
    h('div', { class: 'topbar-row' },
      brand,
      h('div', { class: 'who' },
        tenant && h('span', { class: 'tenant-name' }, tenant.name),
        tenant && regionBadge(tenant.region),
        h('span', { class: 'user' }, session.me.user.email),
        languageSwitch(),
        h('button', { type: 'button', class: 'secondary', onclick: signOut }, t('nav.signOut')))),
    nav);
}

async function signOut() {
  try {
    await post('/api/auth/logout');
  } catch {
    // The token is dropped either way.
  }
  session.token = null;
  session.me = null;
  navigate('/sign-in');
}

document.addEventListener('click', (event) => {
  const anchor = event.target.closest('a');
  if (!anchor || anchor.target || anchor.origin !== location.origin || event.defaultPrevented
      || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  if (!match(anchor.pathname)) return;
  event.preventDefault();
  navigate(anchor.pathname + anchor.search);
});
window.addEventListener('popstate', render);
whenSignedOut(() => navigate('/sign-in', { replace: true }));

initI18n().then(render);
