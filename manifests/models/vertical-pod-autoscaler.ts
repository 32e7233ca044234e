import { createTypeMetaGuard, Model, type ModelData, setValidateFunc } from '@kubernetes-models/base';
import type { IObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';

// No @kubernetes-models package carries the Vertical Pod Autoscaler (k8s.io/autoscaler): this model
// types and checks the fields the platform writes. The full schema is the CRD's
// (scripts/stack/crds/vpa.yaml), which the testbed's server dry-run applies.

const vpaUpdateModes = ['Off', 'Initial', 'Recreate', 'InPlaceOrRecreate', 'InPlace', 'Auto'] as const;

export interface IVerticalPodAutoscaler {
  apiVersion: 'autoscaling.k8s.io/v1';
  kind: 'VerticalPodAutoscaler';
  metadata: IObjectMeta;
  spec: {
    targetRef: { apiVersion: string; kind: string; name: string };
    updatePolicy?: { updateMode?: (typeof vpaUpdateModes)[number] };
    resourcePolicy?: {
      containerPolicies?: { containerName: string; mode?: 'Auto' | 'Off'; controlledResources?: ('cpu' | 'memory')[] }[];
    };
  };
}

interface SchemaError {
  instancePath: string;
  keyword: string;
  message: string;
  params?: Record<string, unknown>;
}

function validateVpa(data: unknown): void {
  const errors: SchemaError[] = [];
  const object = data as Partial<IVerticalPodAutoscaler>;
  const required = (path: string, value: unknown, property: string) => {
    if (value === undefined || value === '') errors.push({ instancePath: path, keyword: 'required', message: `must have ${property}`, params: { missingProperty: property } });
  };
  required('', object.metadata?.name, 'metadata.name');
  const target = object.spec?.targetRef;
  required('/spec', target, 'targetRef');
  if (target) for (const key of ['apiVersion', 'kind', 'name'] as const) required('/spec/targetRef', target[key], key);
  const mode = object.spec?.updatePolicy?.updateMode;
  if (mode !== undefined && !vpaUpdateModes.includes(mode)) {
    errors.push({ instancePath: '/spec/updatePolicy/updateMode', keyword: 'enum', message: `must be one of ${vpaUpdateModes.join(', ')}` });
  }
  object.spec?.resourcePolicy?.containerPolicies?.forEach((policy, index) => {
    required(`/spec/resourcePolicy/containerPolicies/${index}`, policy.containerName, 'containerName');
    if (policy.mode !== undefined && !['Auto', 'Off'].includes(policy.mode)) {
      errors.push({ instancePath: `/spec/resourcePolicy/containerPolicies/${index}/mode`, keyword: 'enum', message: 'must be Auto or Off' });
    }
  });
  if (errors.length) throw Object.assign(new Error('VerticalPodAutoscaler is invalid'), { errors });
}

export class VerticalPodAutoscaler extends Model<IVerticalPodAutoscaler> implements IVerticalPodAutoscaler {
  static apiVersion = 'autoscaling.k8s.io/v1' as const;
  static kind = 'VerticalPodAutoscaler' as const;
  static is = createTypeMetaGuard<IVerticalPodAutoscaler>(VerticalPodAutoscaler);
  declare apiVersion: IVerticalPodAutoscaler['apiVersion'];
  declare kind: IVerticalPodAutoscaler['kind'];
  declare metadata: IVerticalPodAutoscaler['metadata'];
  declare spec: IVerticalPodAutoscaler['spec'];

  constructor(data?: ModelData<IVerticalPodAutoscaler>) {
    super();
    this.setDefinedProps({ apiVersion: VerticalPodAutoscaler.apiVersion, kind: VerticalPodAutoscaler.kind, ...data } as ModelData<IVerticalPodAutoscaler>);
  }
}

setValidateFunc(VerticalPodAutoscaler, validateVpa as never);
