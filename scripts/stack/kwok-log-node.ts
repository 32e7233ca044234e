// A fake Node whose kubelet serves container logs, beside the shared testbed, for the log tail's
// tests. The shared kwok (components/kube.sh) cannot: kube-apiserver reaches a kubelet over HTTPS at
// the Node's address and kubeletEndpoint port, while that kwok serves plain HTTP, its Nodes
// advertise 10.0.0.1 (no route here) with port 0 (so 10250), and it has no Logs/ClusterLogs. This
// starts a second kwok (the testbed's own binary) managing only one Node of its own annotation,
// with a self-signed TLS certificate (kube-apiserver runs without --kubelet-certificate-authority,
// so it does not verify kubelets), --node-ip=127.0.0.1, --node-port = its server's port, and a
// ClusterLogs resource serving `logsFile` (CRI log format) for every pod of `namespace`.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CoreV1Api, type KubernetesObject } from "@kubernetes/client-node";
import { adminKubeConfig, applyObjects, deleteObjects, freePort, stackDir, uniqueName, waitFor } from "./test-support";

export type LogNode = {
  /** The Node's name: a pod reaches it with spec.nodeName (and the toleration below). */
  node: string;
  toleration: { key: string; operator: "Exists" };
  stop: () => Promise<void>;
};

const taintKey = "personapass.dev/log-test-node";

function kwokBinaryDir(): string {
  const dir = import.meta.dirname;
  return execFileSync("bash", ["-c", `source "${dir}/config.sh" && source "${dir}/lib.sh" && pp_bin_dir kwok`], { encoding: "utf8" }).trim();
}

/** `stages`: more kwok Stage documents for the pods of this Node (the troubleshooting tests break pods with them). */
export async function startLogNode(options: { namespace: string; logsFile: string; stages?: string }): Promise<LogNode> {
  const node = uniqueName("kwok-logs");
  const dir = mkdtempSync(join(tmpdir(), "kwok-logs-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "tls.key"), "-out", join(dir, "tls.crt"), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
  const bin = kwokBinaryDir();
  const clusterLogs = ["---", "apiVersion: kwok.x-k8s.io/v1alpha1", "kind: ClusterLogs", `metadata: { name: ${node} }`, "spec:", `  selector: { matchNamespaces: [${options.namespace}] }`, "  logs:", `  - logsFile: ${JSON.stringify(options.logsFile)}`, ""].join("\n");
  writeFileSync(join(dir, "config.yaml"), `${readFileSync(join(bin, "kwok-stages.yaml"), "utf8")}\n${clusterLogs}${options.stages ?? ""}`);
  const port = await freePort();
  const output = openSync(join(dir, "kwok.log"), "a");
  const kwok = spawn(
    join(bin, "kwok"),
    [
      `--kubeconfig=${join(stackDir, "kube", "kwok.kubeconfig")}`,
      `--config=${join(dir, "config.yaml")}`,
      `--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=${node}`,
      `--server-address=127.0.0.1:${port}`,
      "--node-ip=127.0.0.1",
      `--node-port=${port}`,
      `--tls-cert-file=${join(dir, "tls.crt")}`,
      `--tls-private-key-file=${join(dir, "tls.key")}`,
      "--cidr=10.250.0.0/16",
      "--node-lease-duration-seconds=40",
    ],
    { stdio: ["ignore", output, output] },
  );
  const objects: KubernetesObject[] = [
    {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: node, annotations: { "kwok.x-k8s.io/node": node }, labels: { type: "kwok-logs", "kubernetes.io/hostname": node } },
      // Tainted: the shared testbed's workloads are never scheduled here.
      spec: { taints: [{ key: taintKey, value: "true", effect: "NoSchedule" }] },
    } as KubernetesObject,
  ];
  const lease = { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: node, namespace: "kube-node-lease" } };
  const stop = async () => {
    await deleteObjects(adminKubeConfig(), [lease, ...objects]);
    kwok.kill("SIGTERM");
    if (!process.env.PP_KEEP_KWOK_LOGS) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await applyObjects(adminKubeConfig(), objects);
    const core = adminKubeConfig().makeApiClient(CoreV1Api);
    await waitFor(`${node} Ready at 127.0.0.1:${port}`, async () => {
      if (kwok.exitCode !== null) throw new Error(`kwok for ${node} exited: ${readFileSync(join(dir, "kwok.log"), "utf8").slice(-2000)}`);
      const status = (await core.readNode({ name: node })).status;
      return status?.daemonEndpoints?.kubeletEndpoint?.Port === port && status.conditions?.some((c) => c.type === "Ready" && c.status === "True");
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { node, toleration: { key: taintKey, operator: "Exists" }, stop };
}
