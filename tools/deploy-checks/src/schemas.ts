import * as monitoring from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import * as core from 'kubernetes-models/v1';
import * as apps from 'kubernetes-models/apps/v1';
import * as autoscaling from 'kubernetes-models/autoscaling/v2';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as policy from 'kubernetes-models/policy/v1';
import type { K8sObject } from './manifests';

type Model = new (data: unknown) => { validate(): void };

// The API groups this project renders; anything else is refused rather than left unchecked.
const GROUPS: Record<string, Record<string, unknown>> = {
  v1: core,
  'apps/v1': apps,
  'autoscaling/v2': autoscaling,
  'networking.k8s.io/v1': networking,
  'policy/v1': policy,
  'monitoring.coreos.com/v1': monitoring,
};

/**
 * Validates an object against the Kubernetes OpenAPI schema of its kind (the kubernetes-models
 * package: the API's own schemas compiled to validators, offline) or the Prometheus Operator's CRD
 * schema. Returns the problems, none when it is valid.
 */
export function schemaErrors(o: K8sObject): string[] {
  const group = GROUPS[o.apiVersion];
  const model = group?.[o.kind] as Model | undefined;
  if (!model) return [`${o.apiVersion} ${o.kind} ${o.metadata?.name}: no schema known for it`];
  try {
    new model(o).validate();
    return [];
  } catch (e) {
    return [`${o.kind} ${o.metadata.name}: ${(e as Error).message}`];
  }
}
