//! Secrets of the main job on disk: 32 random bytes per file, in hex, readable by the owner only.

use std::path::{Path, PathBuf};

use hoso_core::custody::SigningKey;
use hoso_core::custody::bytes::{from_hex, to_hex};
use hoso_core::custody::{KeyId, write_private};

use super::custody::CustodyError;

/// Maps an I/O error on `path` to the custody error that names it.
pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> CustodyError + '_ {
    move |source| CustodyError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Creates `dir` if needed, with mode 0700 on Unix.
pub fn private_dir(dir: &Path) -> Result<PathBuf, CustodyError> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(io(dir))?;
    }
    Ok(dir.to_owned())
}

/// The secret stored as `dir/name`: read when a previous run made it, otherwise drawn from the operating
/// system's CSPRNG and stored (mode 0600, through a temporary file and a rename) before it is used.
pub fn secret(dir: &Path, name: &str) -> Result<[u8; 32], CustodyError> {
    let path = dir.join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => from_hex::<32>(text.trim_end()).map_err(|problem| CustodyError::KeyFile {
            path: path.clone(),
            problem,
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut secret = [0u8; 32];
            getrandom::fill(&mut secret).map_err(CustodyError::Random)?;
            let mut text = to_hex(&secret);
            text.push('\n');
            write_private(&path, text.as_bytes()).map_err(io(&path))?;
            Ok(secret)
        }
        Err(e) => Err(io(&path)(e)),
    }
}

/// The signing key `dir/<key_id>.key` (see [`secret`]).
pub fn signing_key(dir: &Path, key_id: &KeyId) -> Result<SigningKey, CustodyError> {
    secret(dir, &format!("{key_id}.key")).map(|s| SigningKey::from_bytes(&s))
}
