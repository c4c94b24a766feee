//! Markdown for keys and values, shared by hover and completion.

use super::schema::{describe, maps_of, Choice, Format, Key, Ty};
use super::table;

/// The documentation of a key: its type, doc, allowed values, default and status.
pub fn key_markdown(key: &Key) -> String {
    let mut out = format!("**`{}`** — {}", key.name, describe(&key.ty));
    if key.required {
        out.push_str(", required");
    }
    out.push_str("\n\n");
    out.push_str(key.doc);
    // A plain enum already lists its values in the type line.
    let listed = matches!(key.ty, Ty::Enum(_));
    if let Some(values) = allowed_values(&key.ty).filter(|_| !listed) {
        out.push_str("\n\nAllowed values: ");
        out.push_str(&values);
    }
    // Some docs name the default already; hover says nothing twice.
    if let Some(default) = key.default.filter(|d| !key.doc.contains(&format!("`{d}`"))) {
        out.push_str(&format!("\n\nDefault: `{default}`"));
    }
    if let Some(why) = key.deprecated {
        out.push_str(&format!("\n\n**Deprecated.** {why}"));
    }
    if key.since_2_1 {
        out.push_str("\n\nNeeds `version: 2.1`.");
    }
    out
}

/// The documentation of one enum value.
pub fn choice_markdown(choice: &Choice) -> String {
    let mut out = format!("**`{}`**\n\n{}", choice.value, choice.doc);
    if let Some(why) = choice.deprecated {
        out.push_str(&format!("\n\n**Deprecated.** {why}"));
    }
    out
}

/// The documentation of a resource class.
pub fn resource_class_markdown(class: &table::ResourceClass) -> String {
    let mut out = format!("**`{}`** — resource class\n\n{}", class.name, class.doc);
    if let Some(why) = class.deprecated {
        out.push_str(&format!("\n\n**Deprecated.** {why}"));
    }
    out
}

/// The allowed values of a type as inline code, when they are a short fixed list.
fn allowed_values(ty: &Ty) -> Option<String> {
    let choices = enum_choices(ty);
    if choices.is_empty() || choices.len() > 12 {
        return None;
    }
    let words: Vec<String> = choices.iter().map(|c| format!("`{}`", c.value)).collect();
    Some(words.join(", "))
}

/// Every enum value a type (or one of its alternatives, or its list items) allows.
pub fn enum_choices(ty: &Ty) -> Vec<&'static Choice> {
    match ty {
        Ty::Enum(choices) => choices.iter().collect(),
        Ty::OneOf(alts) => alts.iter().flat_map(enum_choices).collect(),
        Ty::List(item) => enum_choices(item),
        _ => Vec::new(),
    }
}

/// The documentation of a value written for a key of type `ty`, when the table has one.
pub fn value_markdown(ty: &Ty, value: &str) -> Option<String> {
    if let Some(choice) = enum_choices(ty).into_iter().find(|c| c.value == value) {
        return Some(choice_markdown(choice));
    }
    if has_format(ty, Format::ResourceClass) {
        return super::resource_class(value).map(resource_class_markdown);
    }
    if has_format(ty, Format::XcodeVersion) {
        return table::XCODE_VERSIONS
            .iter()
            .find(|(name, _)| *name == value)
            .map(|(name, doc)| format!("**Xcode `{name}`**\n\n{doc}"));
    }
    if has_format(ty, Format::MachineImage) {
        return table::MACHINE_IMAGES
            .iter()
            .find(|(name, _)| *name == value)
            .map(|(name, doc)| format!("**`{name}`** — machine image\n\n{doc}"));
    }
    None
}

/// Whether a type is, or has an alternative that is, the given format.
pub fn has_format(ty: &Ty, format: Format) -> bool {
    match ty {
        Ty::Format(f) => *f == format,
        Ty::OneOf(alts) => alts.iter().any(|a| has_format(a, format)),
        _ => false,
    }
}

/// The documentation of a built-in step written as a bare word (`- checkout`).
pub fn bare_step_markdown(name: &str) -> Option<String> {
    super::builtin_step(name).map(key_markdown)
}

/// The required keys of the mapping a type holds, for snippets.
pub fn required_keys(ty: &Ty) -> Vec<&'static str> {
    maps_of(ty)
        .iter()
        .flat_map(|m| m.keys.iter().filter(|k| k.required).map(|k| k.name))
        .collect()
}
