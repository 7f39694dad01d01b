// Public pages: sign in, register (with Turnstile when configured), forgot password, accept invitation.

import { h, mount, formValues } from '../dom.js';
import { t, tNodes, regionLabel } from '../i18n.js';
import { get, post, Problem } from '../api.js';
import { field, checkbox, alertBox, showProblem, clearErrors, busy, loading } from '../ui.js';

function panel(title, subtitle, ...content) {
  return h('section', { class: 'auth-panel' },
    h('h1', {}, title),
    subtitle && h('p', { class: 'subtitle' }, subtitle),
    content);
}

function submit(label) {
  return h('button', { type: 'submit', class: 'primary wide' }, label);
}

export async function signInPage(view) {
  const alert = alertBox();
  const form = h('form', { novalidate: true, 'aria-label': t('signIn.title') },
    alert,
    field(t('field.email'), { name: 'email', type: 'email', autocomplete: 'username', required: true }),
    field(t('field.password'), { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
    submit(t('signIn.submit')),
    h('p', { class: 'links' },
      h('a', { href: '/forgot-password' }, t('signIn.forgot')),
      h('a', { href: '/register' }, t('signIn.register'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      alert.clear();
      clearErrors(form);
      const { email, password } = formValues(form);
      try {
        await view.signedIn(await post('/api/auth/login', { email, password }));
      } catch (problem) {
        showProblem(form, alert, problem);
      }
    });
  });
  mount(view.main, panel(t('signIn.title'), t('signIn.subtitle'), form));
}

/** Loads Cloudflare's script once and renders the widget; resolves to {token(), reset()}. */
function turnstileWidget(container, siteKey) {
  let token = '';
  const widget = { token: () => token, reset: () => {} };
  const render = () => {
    const id = window.turnstile.render(container, {
      sitekey: siteKey,
      callback: (value) => { token = value; },
      'expired-callback': () => { token = ''; },
      'error-callback': () => { token = ''; },
    });
    widget.reset = () => {
      token = '';
      window.turnstile.reset(id);
    };
  };
  if (window.turnstile) {
    render();
  } else {
    const script = h('script', { src: 'https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit', async: true });
    script.addEventListener('load', render);
    document.head.append(script);
  }
  return widget;
}

export async function registerPage(view) {
  const config = await get('/api/auth/config');
  const alert = alertBox();
  const newTab = (href, label) => h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, label);
  const agreement = checkbox(tNodes('register.agreement', {
    serviceAgreement: newTab(config.agreementUrls.serviceAgreement, t('register.serviceAgreement')),
    privacyPolicy: newTab(config.agreementUrls.privacyPolicy, t('register.privacyPolicy')),
  }), { name: 'agreementAccepted' });
  const turnstileBox = h('div', { class: 'turnstile', dataset: { field: 'turnstileToken' } });
  const form = h('form', { novalidate: true, 'aria-label': t('register.title') },
    alert,
    field(t('field.email'), { name: 'email', type: 'email', autocomplete: 'username', required: true }),
    field(t('field.password'), { name: 'password', type: 'password', autocomplete: 'new-password', required: true },
      { hint: t('register.passwordHint') }),
    field(t('field.tenantName'), { name: 'tenantName', autocomplete: 'organization', required: true }),
    h('div', { class: 'row' },
      field(t('field.contactName'), { name: 'contactName', autocomplete: 'name', required: true }),
      field(t('field.contactPhone'), { name: 'contactPhone', type: 'tel', autocomplete: 'tel', required: true })),
    field(t('field.region'), { name: 'region', value: 'CN' },
      { choices: config.regions.map((r) => ({ value: r.code, label: regionLabel(r.code) })) }),
    turnstileBox,
    agreement,
    submit(t('register.submit')),
    h('p', { class: 'links' }, t('register.haveAccount'), ' ', h('a', { href: '/sign-in' }, t('signIn.submit'))));

  const widget = config.turnstileEnabled && config.turnstileSiteKey
    ? turnstileWidget(turnstileBox, config.turnstileSiteKey) : null;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      alert.clear();
      clearErrors(form);
      const values = formValues(form);
      try {
        const answer = await post('/api/auth/register', { ...values, turnstileToken: widget?.token() || null });
        await view.signedIn(answer, '/dashboard');
      } catch (problem) {
        if (!(problem instanceof Problem)) throw problem;
        if (problem.code === 'AGREEMENT_REQUIRED') {
          // The server's exact wording, beside the checkbox it is about.
          agreement.querySelector('.field-error').textContent = problem.detail || t('problem.AGREEMENT_REQUIRED');
          agreement.classList.add('invalid');
          agreement.querySelector('input').focus();
          return;
        }
        showProblem(form, alert, problem);
        widget?.reset();
      }
    });
  });
  mount(view.main, panel(t('register.title'), t('register.subtitle'), form));
}

export async function forgotPasswordPage(view) {
  const alert = alertBox();
  const requestForm = h('form', { novalidate: true, 'aria-label': t('reset.requestTitle') },
    field(t('field.email'), { name: 'email', type: 'email', autocomplete: 'username', required: true }),
    submit(t('reset.sendCode')));
  const confirmForm = h('form', { novalidate: true, hidden: true, 'aria-label': t('reset.confirmTitle') },
    field(t('reset.code'), { name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6 }),
    field(t('reset.newPassword'), { name: 'newPassword', type: 'password', autocomplete: 'new-password' },
      { hint: t('register.passwordHint') }),
    submit(t('reset.setPassword')));
  let email = '';
  requestForm.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(requestForm, async () => {
      alert.clear();
      email = formValues(requestForm).email;
      try {
        await post('/api/auth/password-reset', { email });
        alert.show(t('reset.codeSent', { email }), 'info');
        confirmForm.hidden = false;
        confirmForm.querySelector('input').focus();
      } catch (problem) {
        showProblem(requestForm, alert, problem);
      }
    });
  });
  confirmForm.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(confirmForm, async () => {
      alert.clear();
      const { code, newPassword } = formValues(confirmForm);
      try {
        await post('/api/auth/password-reset/confirm', { email, code, newPassword });
        mount(view.main, panel(t('reset.doneTitle'), t('reset.done'), h('a', { href: '/sign-in', class: 'button primary' }, t('signIn.submit'))));
      } catch (problem) {
        showProblem(confirmForm, alert, problem);
      }
    });
  });
  mount(view.main, panel(t('reset.title'), t('reset.subtitle'), alert, requestForm, confirmForm,
    h('p', { class: 'links' }, h('a', { href: '/sign-in' }, t('reset.back')))));
}

export async function invitationPage(view) {
  mount(view.main, loading());
  const { token } = view.params;
  let invitation;
  try {
    invitation = await get(`/api/invitations/${encodeURIComponent(token)}`);
  } catch (problem) {
    const alert = alertBox();
    alert.show(problem.code === 'INVITATION_INVALID' ? t('invitation.invalid') : problem);
    mount(view.main, panel(t('invitation.title'), null, alert, h('p', { class: 'links' }, h('a', { href: '/sign-in' }, t('signIn.submit')))));
    return;
  }
  const alert = alertBox();
  const form = h('form', { novalidate: true, 'aria-label': t('invitation.title') },
    alert,
    field(t('field.email'), { name: 'email', type: 'email', autocomplete: 'username', required: true }),
    field(t('field.name'), { name: 'name', autocomplete: 'name', required: true }),
    field(t('field.password'), { name: 'password', type: 'password', autocomplete: 'new-password', required: true },
      { hint: t('register.passwordHint') }),
    submit(t('invitation.accept')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      alert.clear();
      clearErrors(form);
      try {
        const answer = await post(`/api/invitations/${encodeURIComponent(token)}/accept`, formValues(form));
        await view.signedIn(answer, '/dashboard');
      } catch (problem) {
        showProblem(form, alert, problem);
      }
    });
  });
  mount(view.main, panel(t('invitation.title'), t('invitation.subtitle', { tenant: invitation.tenantName }), form));
}
