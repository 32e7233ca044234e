import { tiers, type Tier } from '@/lib/core/environments/environment-spec';
import { defaultNodes, placesOneReplicaPerNode } from '@/lib/core/environments/node-capacity';
import { CardSection } from '../ui/card';
import { TextField } from '../ui/field';
import { bindText, type FormBinding } from './form-binding';

const tierOf = (value: string): Tier | undefined => tiers.find((tier) => tier === value);

/** The environment's node count (spec.nodes); empty means the tier's default, shown as the placeholder. */
export function CapacitySection({ form }: { form: FormBinding }) {
  const tier = tierOf(form.text('tier'));
  const fallback = tier ? defaultNodes[tier] : undefined;
  return (
    <CardSection title="Capacity" description="How many nodes the environment's pods may run on: its node pool, or the most its cluster autoscaler grows it to.">
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          {...bindText(form, 'nodes')}
          inputMode="numeric"
          placeholder={fallback === undefined ? undefined : String(fallback)}
          autoComplete="off"
          hint={
            tier ? (
              <>
                Leave empty for the {tier} default, {fallback} node{fallback === 1 ? '' : 's'}.
                {placesOneReplicaPerNode(tier) ? ' Production places one replica per node, so no component may have more replicas (or autoscale higher) than this.' : ''}
              </>
            ) : (
              'Leave empty for the tier default'
            )
          }
          className="sm:col-span-2"
        />
      </div>
    </CardSection>
  );
}
