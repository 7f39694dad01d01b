// Members and Invitations (tenant admin): add or remove members, invite by link, revoke invitations.

import { h, mount, formValues } from '../dom.js';
import { t, formatDate } from '../i18n.js';
import { post, del, session } from '../api.js';
import { pagedList } from '../paging.js';
import { pageHeader, card, table, alertBox, field, showProblem, clearErrors, busy, button, secretBox,
  statusBadge } from '../ui.js';

const PAGE = 50;

export async function membersPage(view) {
  const alert = alertBox();
  const memberList = h('div');
  const invitationList = h('div');
  const created = h('div');
  // Both lists are paged (limit/before): "Show more" appends the next page.
  const members = pagedList('/api/members', PAGE);
  const invitations = pagedList('/api/invitations', PAGE);
  const showMore = (list, render, label) => (list.more
    ? h('div', { class: 'pager' }, button(label, async () => {
      try {
        await list.next();
        render();
      } catch (problem) {
        alert.show(problem);
      }
    }, { class: 'small' }))
    : null);

  const reload = async () => {
    await Promise.all([members.reload(), invitations.reload()]);
    renderMembers();
    renderInvitations();
  };
  const renderMembers = () => mount(memberList, table([
    { label: t('field.email'), value: (m) => m.email },
    { label: t('field.name'), value: (m) => m.name },
    { label: t('members.role'), value: (m) => t(`role.${m.role}`) },
    { label: t('members.joined'), value: (m) => formatDate(m.createdAt) },
    {
      label: t('common.actions'),
      value: (m) => (m.id === session.me.user.id || m.role === 'TENANT_ADMIN' ? null
        : button(t('members.remove'), async () => {
          if (!window.confirm(t('members.removeConfirm', { email: m.email }))) return;
          try {
            await del(`/api/members/${m.id}`);
            await reload();
          } catch (problem) {
            alert.show(problem);
          }
        }, { class: 'small danger', 'aria-label': `${t('members.remove')}: ${m.email}` })),
    },
  ], members.items, { label: t('members.title') }), showMore(members, renderMembers, t('members.showMore')));
  const renderInvitations = () => mount(invitationList, table([
    { label: t('field.email'), value: (i) => i.email || h('span', { class: 'muted' }, t('members.anyEmail')) },
    { label: t('members.status'), value: (i) => statusBadge(i.status) },
    { label: t('members.uses'), value: (i) => `${i.uses ?? 0} / ${i.maxUses}`, class: 'num' },
    { label: t('members.expires'), value: (i) => formatDate(i.expiresAt) },
    {
      label: t('common.actions'),
      value: (i) => (i.status !== 'ACTIVE' ? null : button(t('members.revokeInvitation'), async () => {
        try {
          await del(`/api/invitations/${i.id}`);
          await reload();
        } catch (problem) {
          alert.show(problem);
        }
      }, { class: 'small danger', 'aria-label': `${t('members.revokeInvitation')}: ${i.email || i.id}` })),
    },
  ], invitations.items, { label: t('members.invitations'), empty: t('members.noInvitations') }),
  showMore(invitations, renderInvitations, t('members.showMoreInvitations')));

  const addAlert = alertBox();
  const addForm = h('form', { novalidate: true, class: 'inline-form', 'aria-label': t('members.add') },
    addAlert,
    h('div', { class: 'row' },
      field(t('field.email'), { name: 'email', type: 'email' }),
      field(t('field.name'), { name: 'name' }),
      field(t('field.password'), { name: 'password', type: 'password', autocomplete: 'new-password' })),
    h('button', { type: 'submit', class: 'primary' }, t('members.add')));
  addForm.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(addForm, async () => {
      addAlert.clear();
      clearErrors(addForm);
      try {
        await post('/api/members', formValues(addForm));
        addForm.reset();
        addAlert.show(t('members.added'), 'info');
        await reload();
      } catch (problem) {
        showProblem(addForm, addAlert, problem);
      }
    });
  });

  const inviteAlert = alertBox();
  const inviteForm = h('form', { novalidate: true, class: 'inline-form', 'aria-label': t('members.invite') },
    inviteAlert,
    h('div', { class: 'row' },
      field(t('members.inviteEmail'), { name: 'email', type: 'email' }, { hint: t('members.inviteEmailHint') }),
      field(t('members.expiresInHours'), { name: 'expiresInHours', type: 'number', min: 1, max: 720, value: '72' }),
      field(t('members.maxUses'), { name: 'maxUses', type: 'number', min: 1, value: '1' })),
    h('button', { type: 'submit', class: 'primary' }, t('members.invite')));
  inviteForm.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(inviteForm, async () => {
      inviteAlert.clear();
      clearErrors(inviteForm);
      const v = formValues(inviteForm);
      try {
        const invitation = await post('/api/invitations', {
          email: v.email || null,
          expiresInHours: Number(v.expiresInHours || 72),
          maxUses: Number(v.maxUses || 1),
        });
        mount(created, h('p', { class: 'notice ok' }, t('members.invitationCreated')), secretBox(t('members.invitationLink'), invitation.url));
        await reload();
      } catch (problem) {
        showProblem(inviteForm, inviteAlert, problem);
      }
    });
  });

  await reload();
  mount(view.main,
    pageHeader(t('nav.members')),
    alert,
    card(t('members.title'), memberList),
    h('div', { class: 'grid-2' }, card(t('members.add'), addForm), card(t('members.invite'), inviteForm, created)),
    card(t('members.invitations'), invitationList));
}
