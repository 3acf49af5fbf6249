//! The login page as one HTML string and one CSS string, inserted into a shadow root by the platform layer.
//!
//! One template rather than a node-by-node build through web-sys; every value from the page's options is
//! escaped here (except `customView.element`, which is the integrator's own HTML by design).
//! Elements carry `data-a` (the action a click means) and `data-i` (a digit input's index), so the platform layer
//! needs one delegated listener.

use super::auth_page::{AgreementText, AuthPage};
use super::env::Vender;
use super::json::push_u32;

/// The page's stylesheet (scoped by the shadow root; inherited properties are reset on the host).
pub const CSS: &str = r#"*{box-sizing:border-box;margin:0;padding:0}
:host::before,:host::after{content:none!important}
.root{position:absolute;inset:0;font:16px/1.5 -apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f2329;-webkit-text-size-adjust:100%;text-align:left}
.root.mounted{position:relative;inset:auto}
.mask{position:absolute;inset:0;background:rgba(15,20,30,.5)}
.page{position:absolute;inset:0;background:#fff;overflow:auto;overscroll-behavior:contain;display:flex;flex-direction:column}
.mounted .page{position:relative;border-radius:12px;border:1px solid #e4e7ec}
.page.dialog{inset:auto;left:50%;top:10%;transform:translateX(-50%);width:min(360px,calc(100% - 24px));max-height:84%;border-radius:16px;box-shadow:0 12px 40px rgba(0,0,0,.22)}
.mounted .page.dialog{position:relative;left:auto;top:auto;transform:none;margin:0 auto}
.nav{display:flex;align-items:center;height:48px;padding:0 8px;border-bottom:1px solid #f0f1f3;flex:none}
.back{flex:none;width:40px;height:40px;border:0;background:none;border-radius:8px;display:grid;place-items:center;cursor:pointer;color:#1f2329}
.back img,.back svg{width:22px;height:22px;display:block}
.title{flex:1;text-align:center;font-size:17px;font-weight:600;margin-right:40px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;outline:0}
.body{padding:28px 20px 24px;display:flex;flex-direction:column;align-items:center;text-align:center}
.dialog .body{padding:20px 18px}
.logo{width:64px;height:64px;border-radius:16px;object-fit:contain;margin-bottom:12px}
.sub{color:#646a73;font-size:14px;margin-bottom:18px}
.label{color:#646a73;font-size:14px;margin-top:8px}
.num{display:flex;align-items:center;justify-content:center;gap:6px;margin:10px 0 6px;font-size:clamp(20px,6.4vw,26px);font-weight:600;letter-spacing:.02em;font-variant-numeric:tabular-nums;max-width:100%}
.d{flex:0 1 44px;min-width:30px;height:50px;border:1.5px solid #c9cdd4;border-radius:10px;text-align:center;font:inherit;color:inherit;background:#f7f8fa;caret-color:#1677ff;outline:0;-moz-appearance:textfield}
.d:focus{border-color:#1677ff;background:#fff;box-shadow:0 0 0 3px rgba(22,119,255,.18)}
[data-bad] .d{border-color:#f54a45}
.hint{color:#8f959e;font-size:13px;min-height:20px}
.msg{color:#d83931;font-size:14px;margin-top:6px;min-height:21px}
.btn,.extra,.ok,.no{display:block;width:100%;height:48px;border-radius:24px;border:0;font:inherit;font-size:17px;font-weight:500;cursor:pointer}
.btn,.ok{background:#1677ff;color:#fff;margin-top:18px}
.btn:disabled{background:#a9c9ff;cursor:default}
.btn:focus-visible,.extra:focus-visible,.ok:focus-visible,.no:focus-visible,.back:focus-visible,a:focus-visible,.ck:focus-visible{outline:2px solid #1677ff;outline-offset:2px}
.extra,.no{background:#f2f3f5;color:#1f2329;margin-top:12px}
.agree{display:flex;align-items:flex-start;gap:8px;margin-top:20px;font-size:13px;color:#646a73;text-align:left;line-height:1.6}
.ck{flex:none;appearance:none;-webkit-appearance:none;width:18px;height:18px;margin-top:2px;border:1.5px solid #a8adb5;border-radius:50%;background:#fff center/12px no-repeat;cursor:pointer}
.ck:checked{border-color:#1677ff;background-color:#1677ff;background-image:url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 12 12'%3E%3Cpath d='M2.5 6.2 5 8.6l4.6-5' fill='none' stroke='%23fff' stroke-width='1.8'/%3E%3C/svg%3E")}
a{color:#1677ff;text-decoration:none}
.toast{position:absolute;left:50%;bottom:25%;transform:translateX(-50%);max-width:80%;background:rgba(20,20,20,.82);color:#fff;font-size:14px;padding:10px 16px;border-radius:8px;text-align:center;pointer-events:none}
.custom{width:100%;margin-top:16px}
.alert{position:absolute;inset:0;display:flex;align-items:center;justify-content:center;padding:16px}
.alert.sheet{align-items:flex-end;padding:0}
.alert.dim{background:rgba(15,20,30,.5)}
.ab{background:#fff;border-radius:14px;padding:22px 20px 18px;width:min(320px,100%);box-shadow:0 12px 40px rgba(0,0,0,.22)}
.sheet .ab{width:100%;border-radius:16px 16px 0 0}
.ab h2{font-size:17px;text-align:center;margin-bottom:10px;outline:0}
.ab p{font-size:14px;color:#646a73}
.pre .num{margin:14px 0 8px}
[hidden]{display:none!important}
@media (prefers-reduced-motion:no-preference){.btn,.d{transition:border-color .15s,background-color .15s}}"#;

/// The built-in back arrow.
const BACK_SVG: &str = r#"<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M15 4.5 7.5 12l7.5 7.5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>"#;
/// The built-in logo: a phone with a check mark.
const LOGO_SVG: &str = r##"<svg class="logo" viewBox="0 0 64 64" aria-hidden="true"><rect width="64" height="64" rx="16" fill="#e8f1ff"/><rect x="21" y="12" width="22" height="40" rx="4" fill="none" stroke="#1677ff" stroke-width="3"/><path d="m26 32 4.5 4.5L38 29" fill="none" stroke="#1677ff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/></svg>"##;

/// The hint under the digits.
pub const HINT: &str = "请输入本机号码中间四位，验证后一键登录";

/// Appends `s` escaped for HTML text and attribute values.
pub fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Appends `s` as a CSS string literal body (for `url("…")`): quotes, backslashes and line breaks escaped.
pub fn push_css_string(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '<' | '>' => {
                out.push('\\');
                out.push_str(match c {
                    '\n' => "a ",
                    '\r' => "d ",
                    '<' => "3c ",
                    _ => "3e ",
                });
            }
            c => out.push(c),
        }
    }
}

struct H(String);

impl H {
    #[inline(never)]
    fn raw(&mut self, s: &str) -> &mut H {
        self.0.push_str(s);
        self
    }

    #[inline(never)]
    fn esc(&mut self, s: &str) -> &mut H {
        push_escaped(&mut self.0, s);
        self
    }

    #[inline(never)]
    fn num(&mut self, n: usize) -> &mut H {
        push_u32(&mut self.0, u32::try_from(n).unwrap_or(0));
        self
    }
}

/// The agreement line: a checkbox labelled by the line, its links tagged `data-a="link"` (or `tab` inside the
/// privacy dialog) with their index.
fn agreement_line(h: &mut H, a: &AgreementText, v: Vender, id: &str, action: &str, checkbox: bool) {
    h.raw("<div class=\"agree\">");
    if checkbox {
        h.raw("<input type=\"checkbox\" class=\"ck\" data-a=\"agree\" id=\"")
            .raw(id)
            .raw("\" aria-labelledby=\"")
            .raw(id)
            .raw("l\">");
    }
    h.raw("<span id=\"").raw(id).raw("l\">");
    if checkbox {
        h.raw("<label for=\"")
            .raw(id)
            .raw("\">")
            .esc(&a.before)
            .raw("</label>");
    } else {
        h.esc(&a.before);
    }
    let links = a.links(v);
    for (i, (l, vender)) in links.iter().enumerate() {
        if i > 0 {
            h.esc(&a.symbol);
        }
        h.raw("<a target=\"_blank\" rel=\"noopener noreferrer\" data-a=\"")
            .raw(action)
            .raw("\" data-i=\"")
            .num(i)
            .raw(if *vender { "\" data-v=\"1" } else { "" })
            .raw("\" href=\"")
            .esc(&l.url)
            .raw("\">")
            .esc(&l.name)
            .raw("</a>");
    }
    h.esc(&a.end).raw("</span></div>");
}

/// The whole page for `opts`, the carrier `v` and the masked number split into `head` and `tail`.
#[must_use]
pub fn render(opts: &AuthPage, v: Vender, head: &str, tail: &str) -> String {
    let mut h = H(String::with_capacity(4096));
    h.raw("<style>").raw(CSS).raw("</style>");
    if let Some(img) = &opts.checked_img {
        h.raw("<style>.ck:checked{background:url(\"");
        push_css_string(&mut h.0, img);
        h.raw("\") center/cover no-repeat;border-color:transparent}</style>");
    }
    if let Some(c) = &opts.custom_view {
        if !c.style.is_empty() {
            // The integrator's CSS, inside the shadow root: it may restyle the login page (which the 600030 check
            // at submit then reports); platform::login_page also puts it beside `element`, which it styles.
            // `</style` cannot close the element early.
            h.raw("<style>");
            for ch in c.style.chars() {
                if ch == '<' {
                    h.raw("\\3c ");
                } else {
                    h.0.push(ch);
                }
            }
            h.raw("</style>");
        }
    }
    h.raw("<div class=\"root")
        .raw(if opts.mount.is_some() { " mounted" } else { "" })
        .raw("\">");
    if opts.is_dialog && opts.mount.is_none() {
        h.raw("<div class=\"mask\" data-a=\"mask\"></div>");
    }
    h.raw("<div class=\"page")
        .raw(if opts.is_dialog { " dialog" } else { "" })
        .raw("\" role=\"dialog\" aria-modal=\"")
        .raw(if opts.mount.is_some() { "false" } else { "true" })
        .raw("\" aria-labelledby=\"t\"><div class=\"nav\"><button type=\"button\" class=\"back\" data-a=\"back\" aria-label=\"返回\">");
    match &opts.nav_back_img {
        Some(src) => h.raw("<img alt=\"\" src=\"").esc(src).raw("\">"),
        None => h.raw(BACK_SVG),
    };
    h.raw("</button><h1 class=\"title\" id=\"t\" tabindex=\"-1\">")
        .esc(&opts.nav_text)
        .raw("</h1></div>");

    // The agreement-first page, when configured: number, agreements, one button.
    if let Some(pre) = &opts.pre_page {
        h.raw("<div class=\"body pre\" data-view=\"pre\">");
        logo(&mut h, opts);
        h.raw("<p class=\"label\">")
            .esc(&opts.number_label)
            .raw("</p><p class=\"num\">")
            .esc(head)
            .raw("****")
            .esc(tail)
            .raw("</p>");
        agreement_line(&mut h, &pre.agreements, v, "pk", "link", true);
        h.raw("<button type=\"button\" class=\"btn\" data-a=\"pre\">")
            .esc(&pre.btn_text)
            .raw("</button></div>");
    }

    h.raw("<div class=\"body\" data-view=\"main\"")
        .raw(if opts.pre_page.is_some() {
            " hidden"
        } else {
            ""
        })
        .raw(">");
    logo(&mut h, opts);
    if let Some(s) = &opts.subtitle {
        h.raw("<p class=\"sub\">").esc(s).raw("</p>");
    }
    h.raw("<p class=\"label\" id=\"nl\">")
        .esc(&opts.number_label)
        .raw("</p><div class=\"num\" role=\"group\" aria-labelledby=\"nl nh\" aria-describedby=\"m\"><span aria-label=\"")
        .esc(head)
        .raw("\">")
        .esc(head)
        .raw("</span>");
    for i in 0..4 {
        h.raw("<input class=\"d\" data-i=\"")
            .num(i)
            .raw("\" type=\"text\" inputmode=\"numeric\" pattern=\"[0-9]*\" autocomplete=\"off\" enterkeyhint=\"")
            .raw(if i == 3 { "done" } else { "next" })
            .raw("\" aria-label=\"中间四位第")
            .raw(["一", "二", "三", "四"][i])
            .raw("位\">");
    }
    h.raw("<span aria-label=\"")
        .esc(tail)
        .raw("\">")
        .esc(tail)
        .raw("</span></div><p class=\"hint\" id=\"nh\">")
        .raw(HINT)
        .raw("</p><p class=\"msg\" id=\"m\" role=\"alert\"></p><button type=\"button\" class=\"btn\" data-a=\"login\" disabled>")
        .esc(&opts.btn_text)
        .raw("</button>");
    if let Some(e) = &opts.extra_btn {
        h.raw("<button type=\"button\" class=\"extra\" data-a=\"extra\" style=\"")
            .esc(&e.style)
            .raw("\">")
            .esc(&e.text)
            .raw("</button>");
    }
    agreement_line(&mut h, &opts.agreements, v, "ck", "link", true);
    if let Some(c) = &opts.custom_view {
        // `element` itself lives outside the shadow root (platform::login_page puts it in the host element's
        // light DOM, where `document.querySelector` and inline handlers find it, as on the vendor's page); this
        // slot shows it here.
        if c.element.is_empty() {
            h.raw("<div class=\"custom\"></div>");
        } else {
            h.raw("<div class=\"custom\"><slot name=\"pns-custom\"></slot></div>");
        }
    }
    // The privacy dialog and the toast sit outside the page, which scrolls: inside it they would be placed
    // against its scrolled content and could end above the screen's bottom or off screen.
    h.raw("</div></div>");

    if let Some(a) = &opts.privacy_alert {
        h.raw("<div class=\"alert")
            .raw(if a.mask { " dim" } else { "" })
            .raw(if a.is_dialog { "" } else { " sheet" })
            .raw("\" hidden><div class=\"ab\" role=\"alertdialog\" aria-modal=\"true\" aria-labelledby=\"at\"><h2 id=\"at\" tabindex=\"-1\">")
            .esc(&a.title)
            .raw("</h2>");
        agreement_line(&mut h, &opts.agreements, v, "ak", "tab", false);
        h.raw("<button type=\"button\" class=\"ok\" data-a=\"alert-ok\">")
            .esc(if a.auto_login { &a.login_text } else { &a.btn_text })
            .raw("</button><button type=\"button\" class=\"no\" data-a=\"alert-no\">取消</button></div></div>");
    }
    h.raw("<div class=\"toast\" role=\"status\" aria-live=\"polite\" hidden></div></div>");
    h.0
}

fn logo(h: &mut H, opts: &AuthPage) {
    if opts.hide_logo {
        return;
    }
    match &opts.logo_img {
        Some(src) => h
            .raw("<img class=\"logo\" alt=\"\" src=\"")
            .esc(src)
            .raw("\">"),
        None => h.raw(LOGO_SVG),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth_page::{CustomView, ExtraBtn};

    fn defaults() -> AuthPage {
        AuthPage::default()
    }

    #[test]
    fn escaping() {
        let mut s = String::new();
        push_escaped(&mut s, "<a href=\"x\">&'</a>");
        assert_eq!(s, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
        let mut s = String::new();
        push_css_string(&mut s, "a\"b\\c\n</style>");
        assert_eq!(s, "a\\\"b\\\\c\\a \\3c /style\\3e ");
    }

    #[test]
    fn the_default_page() {
        let html = render(&defaults(), Vender::Cm, "138", "0000");
        assert!(html.contains(">本机号码登录</h1>"));
        assert!(html.contains("data-a=\"back\" aria-label=\"返回\""));
        assert_eq!(html.matches("class=\"d\"").count(), 4);
        assert!(html.contains("inputmode=\"numeric\""));
        assert!(html.contains(">138</span>") && html.contains(">0000</span>"));
        assert!(html.contains("data-a=\"login\" disabled>登录</button>"));
        assert!(html.contains("《中国移动认证服务条款》"));
        assert!(html.contains("我已阅读并同意"));
        assert!(html.contains("class=\"logo\""));
        assert!(!html.contains("class=\"mask\""));
        assert!(!html.contains("data-a=\"extra\""));
        assert!(!html.contains("class=\"alert"));
    }

    #[test]
    fn options_change_the_page_and_are_escaped() {
        let mut o = defaults();
        o.nav_text = "<b>欢迎</b>".into();
        o.is_dialog = true;
        o.hide_logo = true;
        o.extra_btn = Some(ExtraBtn {
            text: "短信登录".into(),
            style: "color:red".into(),
        });
        o.custom_view = Some(CustomView {
            element: "<p class=\"mine\">hi</p>".into(),
            style: ".mine{color:red}</style><script>".into(),
            js: String::new(),
            js_fn: false,
        });
        let html = render(&o, Vender::Ct, "189", "1234");
        assert!(html.contains("&lt;b&gt;欢迎&lt;/b&gt;"));
        assert!(html.contains("class=\"mask\""));
        assert!(html.contains("page dialog"));
        assert!(!html.contains("class=\"logo\""));
        assert!(html.contains("style=\"color:red\">短信登录</button>"));
        // The element is not in the shadow root's HTML: a slot stands in for it.
        assert!(!html.contains("<p class=\"mine\">hi</p>"));
        assert!(html.contains("<slot name=\"pns-custom\"></slot>"));
        assert!(html.contains(".mine{color:red}\\3c /style>\\3c script>"));
        assert!(html.contains("《中国电信天翼账号服务条款》"));
    }
}
