import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '@shared/components/Field';
import { isApiError } from '@shared/http';
import { api, partnerBindings, partnerKinds, type PartnerBinding, type PartnerKind, type PartnerWithKey } from '../../api';
import { T } from '../../testids';
import { ErrorNotice } from '../ErrorNotice';
import { usePartnerLabels } from './PartnerBadges';

const maxName = 100;

/** An admin adds a partner: name, kind, and the customers' binding it stands for, if any. */
export function AddPartnerForm({ onAdded }: { onAdded: (p: PartnerWithKey) => void }) {
  const { t } = useTranslation();
  const label = usePartnerLabels();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<PartnerKind | ''>('');
  const [binding, setBinding] = useState<PartnerBinding | ''>('');
  const [invalid, setInvalid] = useState<{ name?: string; kind?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problems: { name?: string; kind?: string } = {};
    if (!name.trim()) problems.name = t('partners.add.nameMissing');
    if (!kind) problems.kind = t('partners.add.kindMissing');
    setInvalid(problems);
    setError(null);
    if (problems.name || problems.kind || !kind) return;
    setBusy(true);
    try {
      const added = await api.addPartner({ name: name.trim(), kind, binding: binding || null });
      setName('');
      setKind('');
      setBinding('');
      onAdded(added);
    } catch (err) {
      if (isApiError(err) && err.code === 'partner_exists') setInvalid({ name: t('errors.partner_exists') });
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="add-partner-title">
      <h2 id="add-partner-title">{t('partners.add.title')}</h2>
      <p className="small muted">{t('partners.add.lead')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate data-testid={T.partnerAddForm}>
        <div className="filter-grid partner-fields">
          <Field id="partner-name" label={t('partners.add.name')} hint={t('partners.add.nameHint')} error={invalid.name}>
            {(p) => <input {...p} type="text" autoComplete="off" maxLength={maxName} value={name} onChange={(e) => setName(e.target.value)} data-testid={T.partnerName} />}
          </Field>
          <Field id="partner-kind" label={t('partners.add.kind')} error={invalid.kind}>
            {(p) => (
              <select {...p} value={kind} onChange={(e) => setKind(e.target.value as PartnerKind | '')} data-testid={T.partnerKind}>
                <option value="">{t('partners.add.choose')}</option>
                {partnerKinds.map((k) => (
                  <option key={k} value={k}>
                    {label.kind(k)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="partner-binding" label={t('partners.add.binding')} optional={t('common.optional')} hint={t('partners.add.bindingHint')}>
            {(p) => (
              <select {...p} value={binding} onChange={(e) => setBinding(e.target.value as PartnerBinding | '')} data-testid={T.partnerBinding}>
                <option value="">{t('partners.noBinding')}</option>
                {partnerBindings.map((b) => (
                  <option key={b} value={b}>
                    {label.binding(b)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <ErrorNotice error={error} testid={T.partnerError} />
        <button type="submit" className="button primary" disabled={busy} data-testid={T.partnerAddSubmit}>
          {busy ? t('common.working') : t('partners.add.submit')}
        </button>
      </form>
    </section>
  );
}
