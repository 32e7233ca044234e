// The connection test against the testbed, for credentials an administrator might hand the console
// instead of the one README.md describes (SRE review of issue 7, F8, F8b, F12).
import { CoreV1Api } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeClusterProbe } from "@/lib/adapters/kubernetes/kube-cluster-probe";
import { kubeServerDryRun } from "@/lib/adapters/kubernetes/kube-server-apply";
import { connectionChecks, connectionTest, registrationConcerns } from "@/lib/core/clusters/connection-test";
import { starterSpec } from "@/lib/core/environments/starter-specs";
import { testbedCluster } from "@/lib/test-support/testbed-cluster";
import { toPlain } from "@/manifests/kube-object";
import { renderPlatform } from "@/manifests/render-platform";
import type { PlainObject } from "@/manifests/validate/problem";
import { adminKubeConfig, applyObjects, consoleEnvironmentObjects, consoleKubeConfig, deleteObjects, namespaceAdminObjects, uniqueName } from "./test-support";

const admin = adminKubeConfig();

// F8: a namespace administrator (the built-in, aggregated `admin` ClusterRole bound in the
// environment's namespaces, plus patch on them) reads every Secret there, execs into the identity
// service, and is not the console's ServiceAccount, so no admission policy applies to it. The test
// once reported it as needing nothing and holding nothing broader.
describe("the connection test of a namespace-admin credential that is not the console's ServiceAccount", () => {
  const id = uniqueName("ct");
  const namespaces = [id, `${id}-monitoring`, `${id}-tracing`];
  const objects = namespaceAdminObjects(id);
  let token: string;
  const expiresIn = 600;

  beforeAll(async () => {
    await applyObjects(admin, objects);
    const answer = await admin.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({ name: "deployer", namespace: id, body: { spec: { expirationSeconds: expiresIn } } });
    token = answer.status!.token!;
  });
  afterAll(() => deleteObjects(admin, objects));

  const test = async () => {
    const checks = connectionChecks(namespaces);
    const answer = await new KubeClusterProbe(10_000).probe({ ...testbedCluster("ct"), credential: { kind: "token", token } }, [...checks.needed, ...checks.broader]);
    return connectionTest(answer, namespaces, checks, new Date());
  };

  it("flags the identity and the broader rights: Secrets readable and pods/exec in the namespaces", async () => {
    const result = await test();
    expect(result.identity.username).toBe(`system:serviceaccount:${id}:deployer`);
    expect(result.identityIsConsole).toBe(false);
    expect(result.needed.filter((check) => !check.allowed)).toEqual([]);
    expect(registrationConcerns(result)).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`it acts as system:serviceaccount:${id}:deployer`),
        expect.stringContaining(`it may list secrets in ${id} `),
        expect.stringContaining(`it may create pods/exec in ${id}-monitoring `),
      ]),
    );
  });

  // F12: a TokenRequest token lapses (30 days in README.md, less where the API server caps it) and
  // every plan and deploy then fails with 401; its JWT says when.
  it("reports when the credential expires", async () => {
    const result = await test();
    const left = (new Date(result.credentialExpiresAt!).getTime() - Date.now()) / 1000;
    expect(left).toBeGreaterThan(expiresIn - 120);
    expect(left).toBeLessThanOrEqual(expiresIn);
  });
});

// F8b: the connection test checks a few rights per namespace, so a grant that missed the keda
// discovery Role (KEDA installed after it, or elsewhere) passed the test and failed the first deploy
// halfway. The render now writes nothing outside the environment's namespaces: a grant without the
// roles in kube-system, keda and istio-system (which are Prometheus', not the console's) still takes all of it.
describe("a grant without the discovery Roles in kube-system, keda and istio-system", () => {
  const environment = uniqueName("nokeda");
  const spec = { ...starterSpec(environment, "production"), namespace: `personapass-${environment}` };
  const grant = consoleEnvironmentObjects(environment, spec.namespace).filter((o) => !["kube-system", "keda", "istio-system"].includes(o.metadata?.namespace ?? ""));
  beforeAll(() => applyObjects(admin, grant));
  afterAll(() => deleteObjects(admin, grant));

  it("still lets the console dry-run every object of the render", async () => {
    const dryRun = kubeServerDryRun(consoleKubeConfig());
    const refused: string[] = [];
    for (const object of renderPlatform(spec).map(toPlain) as PlainObject[]) {
      const problem = await dryRun(object);
      if (problem) refused.push(`${object.kind}/${object.metadata.namespace ?? ""}/${object.metadata.name}: ${problem}`);
    }
    expect(refused).toEqual([]);
  });
});
