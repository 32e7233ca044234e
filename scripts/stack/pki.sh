# shellcheck shell=bash
# PKI of the testbed cluster, made with openssl once and reused (sourced by components/kube.sh).
# One CA signs the API server's serving cert and the client certs; the identity of a client
# cert is CN=user, O=group, exactly as Kubernetes reads it.

pp_pki_cert() {
  local dir="$1" name="$2" subj="$3" ext="$4"
  [[ -s "$dir/$name.crt" ]] && return 0
  openssl genrsa -out "$dir/$name.key" 2048 2>/dev/null
  openssl req -new -key "$dir/$name.key" -subj "$subj" -out "$dir/$name.csr" 2>/dev/null
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 3650 -sha256 -extfile <(printf '%s\n' "$ext") -out "$dir/$name.crt" 2>/dev/null
  rm -f "$dir/$name.csr"
}

pp_pki_init() {
  local dir="$1"
  mkdir -p "$dir" && chmod 700 "$dir"
  if [[ ! -s "$dir/ca.crt" ]]; then
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/ca.key" -out "$dir/ca.crt" -days 3650 \
      -subj "/CN=personapass-testbed-ca" -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
  fi
  local client="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
  # 10.96.0.1 is the kubernetes Service IP of --service-cluster-ip-range; in-cluster names included
  # so the cert is also valid for what pods would use.
  pp_pki_cert "$dir" apiserver "/CN=kube-apiserver" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  pp_pki_cert "$dir" admin "/O=system:masters/CN=personapass-admin" "$client"
  pp_pki_cert "$dir" controller-manager "/CN=system:kube-controller-manager" "$client"
  pp_pki_cert "$dir" scheduler "/CN=system:kube-scheduler" "$client"
  # kwok plays every kubelet and writes Node and Pod status, which no narrow built-in role allows.
  pp_pki_cert "$dir" kwok "/O=system:masters/CN=kwok" "$client"
  if [[ ! -s "$dir/sa.key" ]]; then
    openssl genrsa -out "$dir/sa.key" 2048 2>/dev/null
    openssl rsa -in "$dir/sa.key" -pubout -out "$dir/sa.pub" 2>/dev/null
  fi
  chmod 600 "$dir"/*.key
}

# pp_kubeconfig FILE SERVER CA_FILE (cert KEY_FILE CRT_FILE | token TOKEN): self-contained kubeconfig.
pp_kubeconfig() {
  local file="$1" server="$2" ca="$3" kind="$4" user
  if [[ "$kind" == cert ]]; then
    user="    client-certificate-data: $(base64 -w0 <"$6")
    client-key-data: $(base64 -w0 <"$5")"
  else
    user="    token: $5"
  fi
  umask 077
  cat >"$file.tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: personapass-testbed
  cluster:
    server: $server
    certificate-authority-data: $(base64 -w0 <"$ca")
users:
- name: user
  user:
$user
contexts:
- name: personapass-testbed
  context:
    cluster: personapass-testbed
    user: user
current-context: personapass-testbed
EOF
  mv "$file.tmp" "$file"
}
