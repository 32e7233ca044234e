import { componentNames, tiers } from '@/lib/core/environments/environment-spec';
import { CardSection } from '../ui/card';
import { CheckboxField, SelectField, TextField } from '../ui/field';
import { ComponentCard } from './component-card';
import { bindCheckbox, bindText, type FormBinding } from './form-binding';

const tierOptions = tiers.map((tier) => ({ value: tier, label: tier }));

/** The registered clusters as choices; a spec that names another (an unregistered or removed one) keeps it visible so the error can say so. */
function clusterOptions(clusterNames: string[], current: unknown) {
  const names = typeof current === 'string' && current && !clusterNames.includes(current) ? [...clusterNames, current] : clusterNames;
  return [{ value: '', label: names.length ? 'Choose a cluster' : 'No cluster registered yet' }, ...names.map((name) => ({ value: name, label: name }))];
}

export function GeneralSection({ form, nameHint, clusterNames }: { form: FormBinding; nameHint?: string; clusterNames: string[] }) {
  const cluster = bindText(form, 'cluster');
  return (
    <CardSection title="General">
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField {...bindText(form, 'name')} hint={nameHint ?? 'Lower-case letters, digits and "-"'} autoComplete="off" spellCheck={false} />
        <SelectField {...bindText(form, 'tier')} options={tierOptions} />
        <SelectField
          {...cluster}
          options={clusterOptions(clusterNames, cluster.value)}
          hint={clusterNames.length ? 'Where this environment deploys; admins register clusters' : 'An admin must register a cluster before environments can be saved'}
        />
        <TextField {...bindText(form, 'namespace')} autoComplete="off" spellCheck={false} />
      </div>
    </CardSection>
  );
}

export function ProtectionSection({ form }: { form: FormBinding }) {
  return (
    <CardSection title="Protection" description="Changes to a protected environment need approvals before they are deployed.">
      <div className="grid gap-4 sm:grid-cols-3">
        <CheckboxField {...bindCheckbox(form, 'protection.protected')} className="sm:pt-7" />
        <TextField {...bindText(form, 'protection.approvalsRequired')} inputMode="numeric" />
        <TextField {...bindText(form, 'protection.approvalExpiryHours')} inputMode="numeric" />
      </div>
    </CardSection>
  );
}

export function ComponentsSection({ form }: { form: FormBinding }) {
  return (
    <CardSection title="Components" description="Image, scale and resources of each PersonaPass component.">
      <div className="space-y-4">
        {componentNames.map((name) => (
          <ComponentCard key={name} name={name} form={form} />
        ))}
      </div>
    </CardSection>
  );
}

export function TogglesSection({ form }: { form: FormBinding }) {
  return (
    <CardSection title="Toggles">
      <div className="grid gap-4 sm:grid-cols-3">
        <CheckboxField {...bindCheckbox(form, 'toggles.mtlsStrict')} className="sm:pt-7" />
        <CheckboxField {...bindCheckbox(form, 'toggles.monitoring')} className="sm:pt-7" />
        <TextField {...bindText(form, 'toggles.tracingSamplingRatio')} inputMode="decimal" hint="From 0 (none) to 1 (every request)" />
      </div>
    </CardSection>
  );
}

export function ObservabilitySection({ form }: { form: FormBinding }) {
  return (
    <CardSection title="Observability">
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField {...bindText(form, 'observability.prometheusUrl')} type="url" spellCheck={false} />
        <TextField {...bindText(form, 'observability.alertmanagerUrl')} type="url" spellCheck={false} />
        <TextField {...bindText(form, 'observability.grafanaUrl')} type="url" spellCheck={false} />
        <TextField {...bindText(form, 'observability.grafanaDashboardIds')} hint="Comma-separated dashboard uids" spellCheck={false} />
        <TextField {...bindText(form, 'observability.jaegerUrl')} type="url" spellCheck={false} />
        <CheckboxField
          {...bindCheckbox(form, 'observability.deadMansSwitch')}
          hint="Alertmanager sends the always-firing Watchdog to a heartbeat check that pages when the pings stop. Its ping URL is a credential: it goes in the alertmanager-receivers Secret (key dead-mans-switch-url, https on port 443), never in the spec."
        />
      </div>
    </CardSection>
  );
}
