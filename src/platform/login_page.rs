//! The login page's DOM: one host element with an open shadow root holding the template from
//! `core::auth_page_html`, one delegated listener, and the few reads and writes the controller needs.
//!
//! The DOM calls themselves are in `login_page.js` (a module snippet), each written once; every decision stays in
//! Rust.
//!
//! Scoping both ways: the page lives in a shadow root (its CSS cannot leak out, the host page's selectors cannot
//! reach in; only `customView.element` sits in the host's light DOM, shown through a slot, so the page's own code
//! and CSS reach it as on the vendor's page), the host is a custom element (`<pns-login-page>`, so `div { … }`
//! rules miss it) whose inline `all: initial … !important` resets inherited properties and beats the host page's
//! own `!important` rules.

use std::cell::RefCell;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use crate::core::login::{Digits, Visibility};

#[wasm_bindgen(module = "/src/platform/login_page.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = pageOpen)]
    fn page_open(
        html: &str,
        mount: Option<&str>,
        host_style: &str,
        custom_html: Option<&str>,
        custom_css: Option<&str>,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = pageListen)]
    fn page_listen(page: &JsValue, handler: &Closure<dyn Fn(JsValue, JsValue)>);
    #[wasm_bindgen(js_name = pageSet)]
    fn page_set(page: &JsValue, sel: &str, name: &str, value: Option<&str>);
    #[wasm_bindgen(js_name = pageShow)]
    fn page_show(page: &JsValue, sel: &str, text: &str, style: &JsValue, ms: u32, hide: bool);
    #[wasm_bindgen(js_name = pageFocus)]
    fn page_focus(page: &JsValue, sel: &str, select: bool);
    #[wasm_bindgen(js_name = pageChecked)]
    fn page_checked(page: &JsValue, sel: &str, set: i32) -> bool;
    #[wasm_bindgen(js_name = pageMeasure)]
    fn page_measure(page: &JsValue, sel: &str) -> js_sys::Array;
    #[wasm_bindgen(catch, js_name = pageRun)]
    fn page_run(page: &JsValue, js: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = pageRemove)]
    fn page_remove(page: &JsValue);
    #[wasm_bindgen(js_name = pageHelpers)]
    fn page_helpers(page: &JsValue, o: &JsValue);
    /// Calls a page callback `f(a, b)` later (a microtask: never while the caller holds a borrow), logging what
    /// it throws. In JS, where deferring is one Promise reaction with no Rust closure to keep alive.
    #[wasm_bindgen(js_name = pageLater)]
    pub fn call_later(f: &js_sys::Function, name: &str, a: &JsValue, b: &JsValue);
}

/// The page's delegated event listener: `(what, value)`, see [`crate::core::login::PageEvent::parse`]; the success
/// payload's helpers reach it too (`PageDom::helpers`), so the page needs one Rust closure.
pub type Listener = Closure<dyn Fn(JsValue, JsValue)>;

/// The page as drawn: remove it with [`PageDom::remove`] (idempotent).
pub struct PageDom {
    page: JsValue,
    listener: RefCell<Option<Listener>>,
}

impl std::fmt::Debug for PageDom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PageDom")
    }
}

impl PageDom {
    /// Draws the page: into the element with id `mount`, or over the whole viewport at `z_index`. `custom` is
    /// `customView`'s element and style, put in the host element's light DOM (shown through the page's slot).
    ///
    /// # Errors
    ///
    /// A plain-English reason when there is no document or `mount` names no element.
    pub fn open(
        html: &str,
        mount: Option<&str>,
        z_index: &str,
        custom: Option<(&str, &str)>,
    ) -> Result<PageDom, String> {
        let mut style = String::from("all:initial!important;display:block!important;");
        if mount.is_some() {
            style.push_str("position:relative!important;width:100%!important");
        } else {
            style.push_str("position:fixed!important;inset:0!important;max-width:100vw!important;max-height:100vh!important;z-index:");
            style.push_str(z_index);
            style.push_str("!important");
        }
        let page = page_open(
            html,
            mount,
            &style,
            custom.map(|c| c.0),
            custom.map(|c| c.1).filter(|s| !s.is_empty()),
        )
        .map_err(|e| {
            e.as_string()
                .unwrap_or_else(|| "could not insert the login page".into())
        })?;
        Ok(PageDom {
            page,
            listener: RefCell::new(None),
        })
    }

    /// Routes the page's events to `handler` (one delegated listener on the shadow root). `Fn`, not `FnMut`:
    /// the handler re-enters itself when it moves the focus.
    pub fn listen(&self, handler: Box<dyn Fn(JsValue, JsValue)>) {
        let c = Closure::wrap(handler);
        page_listen(&self.page, &c);
        *self.listener.borrow_mut() = Some(c);
    }

    /// Puts `clearInput`, `focusOn` and `setMessage` on the success payload `o`: they reach the listener as the
    /// events `helper::0`, `helper::1` and `helper::2` (value: their argument), and do nothing once the page is
    /// removed.
    pub fn helpers(&self, o: &JsValue) {
        page_helpers(&self.page, o);
    }

    /// Writes the four inputs and the login button's state.
    pub fn show_digits(&self, d: &Digits, can_submit: bool) {
        for (i, sel) in DIGIT_SEL.iter().enumerate() {
            page_set(&self.page, sel, "value", Some(d.shown(i)));
        }
        self.set_disabled("[data-a=\"login\"]", !can_submit);
    }

    /// Enables or disables an element.
    pub fn set_disabled(&self, sel: &str, disabled: bool) {
        page_set(&self.page, sel, "disabled", disabled.then_some(""));
    }

    /// Shows or hides an element.
    pub fn set_hidden(&self, sel: &str, hidden: bool) {
        page_set(&self.page, sel, "hidden", hidden.then_some(""));
    }

    /// Sets an element's text (and shows it).
    pub fn set_text(&self, sel: &str, text: &str) {
        page_set(&self.page, sel, "text", Some(text));
    }

    /// Shows `text` in an element with `style` (CSS text, a style object or undefined); after `ms` (if not 0)
    /// hides the element (`hide`) or empties it, unless it was shown again meanwhile.
    pub fn show(&self, sel: &str, text: &str, style: &JsValue, ms: u32, hide: bool) {
        page_show(&self.page, sel, text, style, ms, hide);
    }

    /// Sets an attribute (or removes it for `None`).
    pub fn set_attr(&self, sel: &str, name: &str, value: Option<&str>) {
        page_set(&self.page, sel, name, value);
    }

    /// Focuses digit input `i` (selecting its digit, so typing replaces it).
    pub fn focus_digit(&self, i: usize) {
        page_focus(&self.page, DIGIT_SEL[i.min(3)], true);
    }

    /// Focuses an element (headings carry `tabindex="-1"`).
    pub fn focus(&self, sel: &str) {
        page_focus(&self.page, sel, false);
    }

    /// Whether a checkbox is ticked; `set` ticks or unticks it first.
    pub fn checked(&self, sel: &str, set: Option<bool>) -> bool {
        page_checked(&self.page, sel, set.map_or(-1, i32::from))
    }

    /// Measures an element for the 600030 check (a missing element measures as invisible).
    #[must_use]
    pub fn measure(&self, sel: &str) -> Visibility {
        // The six numbers stay a JS array, read in place.
        let m = page_measure(&self.page, sel);
        let at = |i: u32| m.get(i).as_f64().unwrap_or(0.0);
        Visibility {
            width: at(0),
            height: at(1),
            opacity: at(2),
            font_size: at(3),
            hidden: at(4) != 0.0,
            has_content: at(5) != 0.0,
        }
    }

    /// Runs `customView.js`: a script's text as a classic `<script>` in the page's global scope (as the vendor
    /// does, so its function declarations are globals that `element`'s inline handlers can call), or a function,
    /// called with the custom area's element.
    ///
    /// # Errors
    ///
    /// What the script or function threw (or the script's syntax error).
    pub fn run_script(&self, js: &JsValue) -> Result<(), JsValue> {
        page_run(&self.page, js)
    }

    /// Removes the page and gives the focus back; harmless when already removed.
    pub fn remove(&self) {
        page_remove(&self.page);
    }
}

/// The digit inputs' selectors.
const DIGIT_SEL: [&str; 4] = [
    ".d[data-i=\"0\"]",
    ".d[data-i=\"1\"]",
    ".d[data-i=\"2\"]",
    ".d[data-i=\"3\"]",
];
