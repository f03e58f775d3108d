//! The language of labels in the command's output: English, or Vietnamese with `--lang vi`.

/// A language of output labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// Vietnamese (tiếng Việt).
    Vi,
}

impl Lang {
    /// `en` or `vi` as the language named by `code`.
    ///
    /// ```
    /// use hoso_cli::lang::Lang;
    /// assert_eq!(Lang::from_code("vi"), Some(Lang::Vi));
    /// assert_eq!(Lang::Vi.pick("valid", "hợp lệ"), "hợp lệ");
    /// assert_eq!(Lang::from_code("fr"), None);
    /// ```
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "vi" => Some(Lang::Vi),
            _ => None,
        }
    }

    /// The label of this language among an English and a Vietnamese one.
    pub fn pick<'a>(self, en: &'a str, vi: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Vi => vi,
        }
    }
}
