# shellcheck shell=bash
# Helpers shared by the stack scripts: messages, pid-file process control, port checks, waits.
# Sourced after config.sh.

pp_say() { printf '%s\n' "$*" >&2; }
pp_fail() { printf 'stack: %s\n' "$*" >&2; exit 1; }

# Where the binaries built from tools/<module> are cached. Keyed by go.mod + go.sum: the pair pins
# the module and every dependency, so a changed pin builds into a fresh directory.
pp_bin_dir() {
  local mod="$PP_REPO_DIR/tools/$1"
  local key
  key="$(cat "$mod/go.mod" "$mod/go.sum" | sha256sum | cut -c1-12)"
  printf '%s/bin/%s-%s\n' "$PP_CACHE" "$1" "$key"
}

pp_need_bin() {
  local path
  path="$(pp_bin_dir "$1")/$2"
  [[ -x "$path" ]] || pp_fail "$2 is not built ($path missing): run bash scripts/stack/build-binaries.sh $1"
  printf '%s\n' "$path"
}

pp_need_cmd() {
  command -v "$1" >/dev/null || pp_fail "$1 not found: install the Debian package '${2:-$1}' (apt-get install -y ${2:-$1})"
}

pp_pid_file() { printf '%s/%s.pid\n' "$PP_RUN_DIR" "$1"; }
pp_log_file() { printf '%s/%s.log\n' "$PP_LOG_DIR" "$1"; }

# A pid counts as running unless it is gone or a zombie waiting for init to reap it.
pp_alive() {
  local state
  state="$(ps -o stat= -p "$1" 2>/dev/null)" || return 1
  [[ -n "$state" && "$state" != Z* ]]
}

pp_running() {
  local pid
  pid="$(cat "$(pp_pid_file "$1")" 2>/dev/null)" || return 1
  [[ -n "$pid" ]] && pp_alive "$pid"
}

# Refuse to start when another process already listens on a port we need.
pp_port_free() {
  local port="$1" who="$2"
  if ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then
    local holder
    holder="$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'users:.*' | head -1)"
    pp_fail "$who: port $port is already in use ${holder:+($holder)}; stop it or set another port (see scripts/stack/config.sh)"
  fi
}

# pp_start NAME CMD...: runs CMD detached in its own session, output to logs/NAME.log, pid in run/NAME.pid.
pp_start() {
  local name="$1"; shift
  mkdir -p "$PP_RUN_DIR" "$PP_LOG_DIR"
  if pp_running "$name"; then return 0; fi
  local log
  log="$(pp_log_file "$name")"
  printf '\n=== %s %s\n' "$(date -Is)" "$*" >>"$log"
  setsid "$@" >>"$log" 2>&1 </dev/null &
  echo $! >"$(pp_pid_file "$name")"
}

# pp_stop NAME: TERM, wait up to 15s, then KILL; the whole session so children go too.
pp_stop() {
  local name="$1" pidf pid
  pidf="$(pp_pid_file "$name")"
  pid="$(cat "$pidf" 2>/dev/null)" || return 0
  if [[ -n "$pid" ]] && pp_alive "$pid"; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 150); do pp_alive "$pid" || break; sleep 0.1; done
    if pp_alive "$pid"; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null; fi
  fi
  rm -f "$pidf"
}

# pp_wait NAME SECONDS CHECK...: polls CHECK until it succeeds; fails naming the component and its log.
pp_wait() {
  local name="$1" secs="$2"; shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if ! pp_running "$name"; then
      pp_fail "$name exited while starting; see $(pp_log_file "$name") (last lines below)
$(tail -n 15 "$(pp_log_file "$name")" 2>/dev/null)"
    fi
    if ((SECONDS >= deadline)); then
      pp_fail "$name did not become ready within ${secs}s; see $(pp_log_file "$name")"
    fi
    sleep 0.5
  done
}
