//! Starts `prdlint server` for Markdown: the `prdlint` on the worktree's PATH, or the binary
//! and arguments set in Zed's settings under `lsp.prdlint.binary`.
use zed_extension_api::{self as zed, settings::LspSettings, LanguageServerId, Result};

struct Prdlint;

impl zed::Extension for Prdlint {
    fn new() -> Self {
        Prdlint
    }

    fn language_server_command(
        &mut self,
        language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree(language_server_id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.binary);
        let configured = binary.as_ref().and_then(|binary| binary.path.clone());
        let command = configured.or_else(|| worktree.which("prdlint")).ok_or_else(|| {
            "prdlint is not on PATH: pip install 'prdlint[lsp]', or set lsp.prdlint.binary.path".to_string()
        })?;
        let args = binary
            .and_then(|binary| binary.arguments)
            .unwrap_or_else(|| vec!["server".to_string()]);
        Ok(zed::Command {
            command,
            args,
            env: worktree.shell_env(),
        })
    }
}

zed::register_extension!(Prdlint);
