import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading, Notice } from '@shared/components/Alert';
import { ConfirmDialog } from '@shared/components/ConfirmDialog';
import { PageHeading } from '@shared/components/PageHeading';
import { useLoad } from '@shared/hooks';
import { Link } from '@shared/router';
import { api, type PartnerItem, type PartnerWithKey } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { AddPartnerForm } from '../components/partners/AddPartnerForm';
import { KeyShown } from '../components/partners/KeyShown';
import { FailingCount, PartnerStatusBadge, usePartnerLabels } from '../components/partners/PartnerBadges';
import { useFormat } from '../format';
import { may } from '../roles';
import { useSession } from '../session';
import { T } from '../testids';

type Asking = { what: 'rotate' | 'disable'; partner: PartnerItem };

/**
 * Partners (CONTRACT §9): the banks, payment apps, social networks and BSS told when a number is
 * cancelled. Everyone who may read sees each partner's key id, hooks and deliveries; an admin adds
 * partners (the key is shown once), gives one a new key or disables it, each after a confirmation.
 */
export function PartnersPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const label = usePartnerLabels();
  const session = useSession()!;
  const mayManage = may(session.role, 'partner.manage');
  const list = useLoad(() => api.partners(), 'partners');
  const [shownKey, setShownKey] = useState<{ partner: PartnerWithKey; rotated: boolean } | null>(null);
  const [asking, setAsking] = useState<Asking | null>(null);
  const [shownAsking, setShownAsking] = useState<Asking | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const [error, setError] = useState<unknown>(null);

  const ask = (a: Asking) => {
    setAsking(a);
    setShownAsking(a);
  };

  const added = async (p: PartnerWithKey) => {
    setError(null);
    setDone('');
    setShownKey({ partner: p, rotated: false });
    await list.reload();
  };

  const confirm = async () => {
    if (!asking) return;
    const { what, partner } = asking;
    setBusy(true);
    setError(null);
    setDone('');
    try {
      if (what === 'rotate') {
        setShownKey({ partner: await api.newPartnerKey(partner.id), rotated: true });
      } else {
        await api.disablePartner(partner.id);
        setShownKey((k) => (k?.partner.id === partner.id ? null : k));
        setDone(t('partners.disabled', { name: partner.name }));
      }
      await list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setAsking(null);
    }
  };

  const items = list.data?.items;
  return (
    <section>
      <PageHeading text={t('partners.title')} sub={t('partners.lead')} />
      <ErrorNotice error={list.error} />
      <div aria-live="polite">
        <ErrorNotice error={error} testid={T.partnerError} />
        {done && (
          <Notice tone="success" testid={T.partnerDone}>
            <p>{done}</p>
          </Notice>
        )}
      </div>
      {shownKey && <KeyShown key={shownKey.partner.apiKey} partner={shownKey.partner} rotated={shownKey.rotated} onDone={() => setShownKey(null)} />}
      {mayManage && <AddPartnerForm onAdded={(p) => void added(p)} />}
      {!items && list.loading && <Loading />}
      {items && items.length === 0 && (
        <p className="muted" data-testid={T.partnersEmpty}>
          {t('partners.empty')}
        </p>
      )}
      {items && items.length > 0 && (
        <table className="responsive partners" data-testid={T.partnersTable}>
          <caption className="visually-hidden">{t('partners.caption', { count: items.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('partners.name')}</th>
              <th scope="col">{t('partners.kind')}</th>
              <th scope="col">{t('partners.binding')}</th>
              <th scope="col">{t('partners.statusLabel')}</th>
              <th scope="col">{t('partners.key.label')}</th>
              <th scope="col">{t('partners.hooks')}</th>
              <th scope="col">{t('partners.deliveries')}</th>
              <th scope="col">{t('partners.failing')}</th>
              {mayManage && <th scope="col">{t('partners.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.id} data-testid={T.partnerRow} data-partner-id={p.id} data-status={p.status} data-key-id={p.keyId}>
                <th scope="row" data-label={t('partners.name')}>
                  <Link to={`/partners/${p.id}`} className="partner-link">
                    {p.name}
                  </Link>
                </th>
                <td data-label={t('partners.kind')}>{label.kind(p.kind)}</td>
                <td data-label={t('partners.binding')}>{p.binding ? label.binding(p.binding) : <span className="muted">{label.binding(null)}</span>}</td>
                <td data-label={t('partners.statusLabel')}>
                  {/* One child per cell: on a phone the cell is a grid of its label and its content. */}
                  <span>
                    <PartnerStatusBadge status={p.status} />
                    {p.disabledAt && (
                      <>
                        <br />
                        <span className="small muted">{t('partners.disabledOn', { at: f.dateTime(p.disabledAt) })}</span>
                      </>
                    )}
                  </span>
                </td>
                <td data-label={t('partners.key.label')}>
                  <span>
                    <code className="mono small">{p.keyId}</code>
                    <br />
                    <span className="small muted">{t('partners.key.issued', { at: f.dateTime(p.keyIssuedAt) })}</span>
                  </span>
                </td>
                <td data-label={t('partners.hooks')} className="num">
                  {f.number(p.hooks)}
                </td>
                <td data-label={t('partners.deliveries')} className="num">
                  {f.number(p.deliveries)}
                </td>
                <td data-label={t('partners.failing')} className="num">
                  <span>
                    <FailingCount count={p.failing} shown={f.number(p.failing)} />
                  </span>
                </td>
                {mayManage && (
                  <td data-label={t('partners.actions')}>
                    {p.status === 'active' ? (
                      <span className="row-actions">
                        <button
                          type="button"
                          className="button secondary small-button"
                          disabled={busy}
                          onClick={() => ask({ what: 'rotate', partner: p })}
                          aria-label={t('partners.rotateFor', { name: p.name })}
                          data-testid={T.partnerRotate}
                        >
                          {t('partners.rotate')}
                        </button>
                        <button
                          type="button"
                          className="button danger-outline small-button"
                          disabled={busy}
                          onClick={() => ask({ what: 'disable', partner: p })}
                          aria-label={t('partners.disableFor', { name: p.name })}
                          data-testid={T.partnerDisable}
                        >
                          {t('partners.disable')}
                        </button>
                      </span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mayManage && (
        <ConfirmDialog
          open={asking !== null}
          title={shownAsking ? t(`partners.confirm.${shownAsking.what}Title`, { name: shownAsking.partner.name }) : ''}
          confirmLabel={t(shownAsking?.what === 'disable' ? 'partners.confirm.disable' : 'partners.confirm.rotate')}
          confirmTestId={shownAsking?.what === 'disable' ? T.partnerDisableConfirm : T.partnerRotateConfirm}
          danger
          busy={busy}
          onClose={() => setAsking(null)}
          onConfirm={() => void confirm()}
        >
          <p>{shownAsking ? t(`partners.confirm.${shownAsking.what}Text`) : ''}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
