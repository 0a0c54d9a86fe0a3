# shellcheck shell=bash
# Shared, idempotent set-up for scripts/run and scripts/test. Source it, then call
#   dshub_debian_packages PKG...         install the Debian packages that are missing
#   dshub_venv REQUIREMENTS_FILE         create .venv if needed and pip-install the file
# A second run does nothing slow: apt only runs when a package is missing, pip only
# when the requirements (or the Python) changed since the last install.

DSHUB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DSHUB_VENV="$DSHUB_ROOT/.venv"

_dshub_log() { printf '==> %s\n' "$*" >&2; }

_dshub_as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        _dshub_log "need root (or sudo) to run: $*"
        return 1
    fi
}

_dshub_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

dshub_debian_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        _dshub_installed "$pkg" || missing+=("$pkg")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        _dshub_log "missing system packages (${missing[*]}) and no apt-get: install them by hand"
        return 1
    fi
    _dshub_log "installing Debian packages: ${missing[*]}"
    _dshub_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    _dshub_as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The requirements file plus every file it pulls in with -r, in order.
_dshub_requirement_files() {
    local file="$1" dir line
    dir="$(dirname "$file")"
    printf '%s\n' "$file"
    while IFS= read -r line || [ -n "$line" ]; do
        case "$line" in
            -r\ *|--requirement\ *) _dshub_requirement_files "$dir/${line#* }" ;;
        esac
    done <"$file"
}

_dshub_python() {
    local candidate
    for candidate in python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    _dshub_log "Python 3.11 or newer not found (tried python3.11, python3)"
    return 1
}

dshub_venv() {
    local req="$DSHUB_ROOT/$1" python stamp hash
    if ! "$DSHUB_VENV/bin/python" -c '' >/dev/null 2>&1; then
        python="$(_dshub_python)" || return 1
        _dshub_log "creating .venv with $python"
        rm -rf "$DSHUB_VENV"
        if ! "$python" -m venv "$DSHUB_VENV" 2>/dev/null; then
            # Debian's own python3 needs python3-venv for ensurepip.
            rm -rf "$DSHUB_VENV"
            dshub_debian_packages python3-venv
            "$python" -m venv "$DSHUB_VENV"
        fi
    fi
    stamp="$DSHUB_VENV/.installed-$(basename "$req" .txt).sha256"
    hash="$( { "$DSHUB_VENV/bin/python" -VV; _dshub_requirement_files "$req" | xargs cat; } | sha256sum | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
        return 0
    fi
    _dshub_log "installing Python packages from $1"
    "$DSHUB_VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
    printf '%s\n' "$hash" >"$stamp"
}
