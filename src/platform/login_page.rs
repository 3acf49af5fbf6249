//! The login page's DOM: one host element with an open shadow root holding the template from
//! `core::auth_page_html`, one delegated listener, and the few reads and writes the controller needs.
//!
//! Scoping both ways: the page lives in a shadow root (its CSS cannot leak out, the host page's selectors cannot
//! reach in), the host is a custom element (`<pns-login-page>`, so `div { … }` rules miss it) whose inline
//! `all: initial … !important` resets inherited properties and beats the host page's own `!important` rules.

use js_sys::Function;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Event, HtmlElement, HtmlInputElement, ShadowRoot};

use crate::core::login::{Digits, Visibility};

/// The page's delegated event listener.
type Listener = Closure<dyn Fn(JsValue, JsValue)>;

/// The page as drawn: remove it with [`PageDom::remove`] (idempotent).
pub struct PageDom {
    host: Element,
    root: ShadowRoot,
    /// Where the focus was before the page opened (restored when it closes).
    before: Option<HtmlElement>,
    listener: std::cell::RefCell<Option<Listener>>,
}

impl std::fmt::Debug for PageDom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PageDom")
    }
}

/// Events the page listens to (all bubble and cross nothing: the listener sits on the shadow root).
const EVENTS: [&str; 5] = ["click", "input", "keydown", "paste", "focusin"];

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

impl PageDom {
    /// Draws the page: into the element with id `mount`, or over the whole viewport at `z_index`.
    ///
    /// # Errors
    ///
    /// A plain-English reason when there is no document or `mount` names no element.
    pub fn open(html: &str, mount: Option<&str>, z_index: &str) -> Result<PageDom, String> {
        let doc = document().ok_or("there is no document to draw the login page in")?;
        let parent: Element = match mount {
            Some(id) => doc.get_element_by_id(id).ok_or_else(|| {
                String::from("getLoginToken: authPageOption.mount names no element (id \"")
                    + id
                    + "\"): render the element first, or leave mount out"
            })?,
            None => doc.body().ok_or("the document has no <body>")?.into(),
        };
        let host = doc
            .create_element("pns-login-page")
            .map_err(|_| "could not create the login page's element")?;
        let mut style = String::from("all:initial!important;display:block!important;");
        if mount.is_some() {
            style.push_str("position:relative!important;width:100%!important");
        } else {
            style.push_str("position:fixed!important;inset:0!important;z-index:");
            style.push_str(z_index);
            style.push_str("!important");
        }
        let _ = host.set_attribute("style", &style);
        let root = host
            .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
            .map_err(|_| "could not attach the login page's shadow root")?;
        root.set_inner_html(html);
        let before = doc
            .active_element()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok());
        parent
            .append_child(&host)
            .map_err(|_| "could not insert the login page")?;
        Ok(PageDom {
            host,
            root,
            before,
            listener: std::cell::RefCell::new(None),
        })
    }

    /// Routes the page's events to `handler` (one delegated listener on the shadow root). `Fn`, not `FnMut`:
    /// the handler re-enters itself when it moves the focus (`focusin` is dispatched synchronously).
    /// Two plain `JsValue`s (the event, unused): the same closure type as the success payload's helpers, so
    /// wasm-bindgen emits one adapter for both.
    pub fn listen(&self, handler: Box<dyn Fn(JsValue, JsValue)>) {
        let c = Closure::wrap(handler);
        for t in EVENTS {
            let _ = self
                .root
                .add_event_listener_with_callback(t, c.as_ref().unchecked_ref());
        }
        *self.listener.borrow_mut() = Some(c);
    }

    /// The shadow root (`this` of `customView.js`).
    #[must_use]
    pub fn root(&self) -> &ShadowRoot {
        &self.root
    }

    /// The first element matching `sel` in the page.
    #[must_use]
    pub fn q(&self, sel: &str) -> Option<Element> {
        self.root.query_selector(sel).ok().flatten()
    }

    fn input(&self, i: usize) -> Option<HtmlInputElement> {
        let sel = match i {
            0 => ".d[data-i=\"0\"]",
            1 => ".d[data-i=\"1\"]",
            2 => ".d[data-i=\"2\"]",
            _ => ".d[data-i=\"3\"]",
        };
        self.q(sel)?.dyn_into().ok()
    }

    /// Writes the four inputs and the login button's state.
    pub fn show_digits(&self, d: &Digits, can_submit: bool) {
        for i in 0..4 {
            if let Some(input) = self.input(i) {
                input.set_value(&d.shown(i));
            }
        }
        self.set_disabled("[data-a=\"login\"]", !can_submit);
    }

    /// Enables or disables an element.
    pub fn set_disabled(&self, sel: &str, disabled: bool) {
        if let Some(e) = self.q(sel) {
            let _ = e.toggle_attribute_with_force("disabled", disabled);
        }
    }

    /// Shows or hides an element.
    pub fn set_hidden(&self, sel: &str, hidden: bool) {
        if let Some(e) = self.q(sel) {
            let _ = e.toggle_attribute_with_force("hidden", hidden);
        }
    }

    /// Sets an element's text (and shows it).
    pub fn set_text(&self, sel: &str, text: &str) {
        if let Some(e) = self.q(sel) {
            e.set_text_content(Some(text));
            let _ = e.toggle_attribute_with_force("hidden", false);
        }
    }

    /// Sets an attribute (or removes it for `None`).
    pub fn set_attr(&self, sel: &str, name: &str, value: Option<&str>) {
        if let Some(e) = self.q(sel) {
            let _ = match value {
                Some(v) => e.set_attribute(name, v),
                None => e.remove_attribute(name),
            };
        }
    }

    /// Focuses digit input `i` (selecting its digit, so typing replaces it).
    pub fn focus_digit(&self, i: usize) {
        if let Some(input) = self.input(i) {
            let _ = input.focus();
            input.select();
        }
    }

    /// Focuses an element (headings carry `tabindex="-1"`).
    pub fn focus(&self, sel: &str) {
        if let Some(e) = self.q(sel).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
            let _ = e.focus();
        }
    }

    /// Whether a checkbox is ticked; `set` ticks or unticks it first.
    pub fn checked(&self, sel: &str, set: Option<bool>) -> bool {
        let Some(input) = self
            .q(sel)
            .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        else {
            return false;
        };
        if let Some(v) = set {
            input.set_checked(v);
        }
        input.checked()
    }

    /// Measures an element for the 600030 check (a missing element measures as invisible).
    #[must_use]
    pub fn measure(&self, sel: &str) -> Visibility {
        let (Some(el), Some(win)) = (self.q(sel), web_sys::window()) else {
            return Visibility::default();
        };
        let rect = el.get_bounding_client_rect();
        let mut v = Visibility {
            width: rect.width(),
            height: rect.height(),
            opacity: 1.0,
            font_size: 0.0,
            hidden: false,
            has_content: el.text_content().is_some_and(|t| !t.trim().is_empty())
                || el.first_element_child().is_some(),
        };
        let read = |e: &Element, v: &mut Visibility, own: bool| {
            let Ok(Some(cs)) = win.get_computed_style(e) else {
                return;
            };
            let prop = |p: &str| cs.get_property_value(p).unwrap_or_default();
            // `parseFloat` from JS: Rust's float parser alone would add about 20 KB to the module.
            let o = js_sys::parse_float(&prop("opacity"));
            v.opacity *= if o.is_nan() { 1.0 } else { o };
            let vis = prop("visibility");
            if vis == "hidden" || vis == "collapse" || prop("display") == "none" {
                v.hidden = true;
            }
            if own {
                let f = js_sys::parse_float(&prop("font-size"));
                v.font_size = if f.is_nan() { 0.0 } else { f };
            }
        };
        read(&el, &mut v, true);
        let mut up = el.parent_element();
        while let Some(p) = up {
            read(&p, &mut v, false);
            up = p.parent_element();
        }
        read(&self.host, &mut v, false);
        v
    }

    /// Runs `customView.js` with the shadow root as `this`.
    ///
    /// # Errors
    ///
    /// What the script threw (or its syntax error).
    pub fn run_script(&self, js: &str) -> Result<(), JsValue> {
        let f = make_function(js)?;
        f.call0(&self.root).map(drop)
    }

    /// Removes the page and gives the focus back; harmless when already removed.
    pub fn remove(&self) {
        if self.host.parent_node().is_some() {
            self.host.remove();
            if let Some(b) = &self.before {
                let _ = b.focus();
            }
        }
    }

    /// Whether the page is still in the document.
    #[must_use]
    pub fn is_open(&self) -> bool {
        self.host.is_connected()
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `Function(body)`, catching a syntax error.
    #[wasm_bindgen(catch, js_name = Function)]
    fn make_function(body: &str) -> Result<Function, JsValue>;
}

/// The element an event is about: the closest ancestor (or itself) with `data-a` or `data-i`, and its
/// `data-a` (action) and `data-i` (index) values.
#[must_use]
pub fn event_target(ev: &Event) -> Option<(Element, String, Option<usize>)> {
    let t: Element = ev.target()?.dyn_into().ok()?;
    let el = t.closest("[data-a],[data-i]").ok().flatten()?;
    let action = el.get_attribute("data-a").unwrap_or_default();
    let index = el
        .get_attribute("data-i")
        .and_then(|i| i.parse::<usize>().ok());
    Some((el, action, index))
}
