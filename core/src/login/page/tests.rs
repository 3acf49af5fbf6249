//! Every decision of the login page's machine: each event, each press, each helper and each answer of `/login`.

use super::*;
use crate::auth_page::Link;
use crate::codes::Code;
use crate::env::Vender;
use crate::login::check_visible;

fn rules() -> Rules {
    Rules {
        links: 2,
        ..Rules::default()
    }
}

fn ev<'a>(what: &'a str, value: &'a str) -> PageEvent<'a> {
    PageEvent::parse(what, value)
}

/// A page with `digits` typed and the box ticked as given.
fn page_with(r: Rules, digits: &str, agreed: bool) -> Page {
    let mut p = Page::new(r);
    p.state.digits.type_text(0, digits);
    p.state.agreed = agreed;
    p
}

fn all_visible() -> Vec<(&'static str, Visibility)> {
    REQUIRED
        .iter()
        .map(|(n, _)| (*n, Visibility::shown()))
        .collect()
}

fn d(s: &str) -> Digits {
    let mut d = Digits::default();
    d.type_text(0, s);
    d
}

fn at(tab: bool, pre: bool, index: usize) -> Vec<Effect> {
    vec![Effect::LinkWatch(LinkAt { tab, pre, index })]
}

#[test]
fn events_read_type_action_and_index() {
    let e = ev("click:link:2", "");
    assert_eq!((e.kind, e.action, e.index), ("click", "link", Some(2)));
    let e = ev("input::3", "7");
    assert_eq!((e.action, e.index, e.value), ("", Some(3), "7"));
    let e = ev("keydown::", "Escape");
    assert_eq!((e.kind, e.index), ("keydown", None));
    assert_eq!(ev("click:x:a", "").index, None);
    assert_eq!(ev("", "").kind, "");
}

#[test]
fn pressing_login_in_each_state() {
    let mut s = PageState::default();
    assert_eq!(s.press(false), Press::Incomplete);
    s.digits.type_text(0, "1234");
    assert!(s.can_submit());
    assert_eq!(s.press(false), Press::Toast);
    assert_eq!(s.press(true), Press::Alert);
    s.agreed = true;
    assert_eq!(s.press(false), Press::Submit("1234".into()));
    assert!(s.busy && !s.can_submit());
    assert_eq!(s.press(false), Press::Busy);
}

#[test]
fn rules_come_from_the_options() {
    // `authPageOption` absent: the vendor's defaults.
    let mut page = crate::auth_page::AuthPage::default();
    let r = Rules::new(&page);
    assert!(!r.alert_on_login && !r.auto_login && !r.focus);
    assert_eq!(r.pre_links, None);
    assert_eq!(r.links, 1, "only the carrier's agreement by default");
    assert_eq!(r.links, page.agreements.links(Vender::Cu).len());
    assert!(!Page::new(r).state.pre_page);
    let l = Link {
        name: "《用户协议》".into(),
        url: "/terms".into(),
    };
    page.agreements.one = Some(l.clone());
    page.agreements.two = Some(l);
    assert_eq!(Rules::new(&page).links, 3);
    assert_eq!(page.agreements.links(Vender::Cm).len(), 3);
}

#[test]
fn opening_focuses_the_title_or_the_first_digit_then_watch_1() {
    assert_eq!(
        Page::new(rules()).opened(),
        [Effect::Focus(El::Title), Effect::Watch(1)]
    );
    let focus = Rules {
        focus: true,
        ..rules()
    };
    assert_eq!(
        Page::new(focus).opened(),
        [Effect::FocusDigit(0), Effect::Watch(1)]
    );
    let p = Page::new(Rules {
        pre_links: Some(1),
        ..focus
    });
    assert!(p.state.pre_page);
    assert_eq!(
        p.opened(),
        [
            Effect::ProtocolWatch(1),
            Effect::Focus(El::Title),
            Effect::Watch(1)
        ],
        "isFocus waits for the digits page"
    );
}

#[test]
fn only_the_agreement_boxes_are_read() {
    assert_eq!(Page::reads(&ev("click:agree:", "")), Some(El::MainBox));
    assert_eq!(Page::reads(&ev("click:pre:", "")), Some(El::PreBox));
    for e in ["click:login:", "input::0", "keydown::", "click:back:"] {
        assert_eq!(Page::reads(&ev(e, "")), None, "{e}");
    }
}

#[test]
fn back_and_escape_leave_with_the_users_cancel() {
    for (e, v) in [
        ("click:back:", ""),
        ("keydown::", "Escape"),
        ("keydown::2", "Escape"),
    ] {
        let mut p = Page::new(rules());
        assert_eq!(
            p.on_event(&ev(e, v), false),
            [Effect::Watch(2), Effect::End(Ending::UserCancelled)],
            "{e}"
        );
    }
    assert_eq!(Ending::UserCancelled.failure(), cancelled(true));
    assert_eq!(Ending::UserCancelled.failure().code, Code::UserCancelled);
}

#[test]
fn typing_and_pasting_update_the_inputs_and_move_the_focus() {
    let mut p = Page::new(rules());
    assert_eq!(
        p.on_event(&ev("input::0", "1"), false),
        [
            Effect::BadDigits(false),
            Effect::ShowDigits,
            Effect::FocusDigit(1)
        ]
    );
    assert_eq!(p.state.digits, d("1"));
    assert!(!p.state.can_submit());
    let fx = p.on_event(&ev("paste::1", "5678"), false);
    assert!(p.state.can_submit(), "a four-digit paste fills all four");
    assert_eq!(fx[1], Effect::ShowDigits);
    assert_eq!(fx[2], Effect::FocusDigit(3));
    assert!(
        p.on_event(&ev("input:link:0", "1"), false).is_empty(),
        "input outside a digit does nothing"
    );
    assert!(p.on_event(&ev("input::", "1"), false).is_empty());
    assert_eq!(p.state.digits, d("5678"));
}

#[test]
fn keys_in_a_digit_input() {
    let mut p = page_with(rules(), "12", false);
    assert_eq!(
        p.on_event(&ev("keydown::2", "Backspace"), false),
        [
            Effect::BadDigits(false),
            Effect::ShowDigits,
            Effect::FocusDigit(1)
        ]
    );
    assert_eq!(
        p.on_event(&ev("keydown::1", "ArrowLeft"), false),
        [Effect::FocusDigit(0)]
    );
    assert!(p.on_event(&ev("keydown::0", "ArrowLeft"), false).is_empty());
    assert_eq!(
        p.on_event(&ev("keydown::2", "ArrowRight"), false),
        [Effect::FocusDigit(3)]
    );
    assert!(p
        .on_event(&ev("keydown::3", "ArrowRight"), false)
        .is_empty());
    assert!(p.on_event(&ev("keydown::1", "a"), false).is_empty());
    assert!(
        p.on_event(&ev("keydown:login:", "Enter"), false).is_empty(),
        "keys other than Escape count only in a digit input"
    );
    assert!(p.on_event(&ev("keydown::", "Backspace"), false).is_empty());
    assert_eq!(
        p.on_event(&ev("keydown::1", "Enter"), false),
        [Effect::Watch(5), Effect::FocusDigit(1)],
        "Enter is a press: incomplete focuses the first empty input"
    );
}

#[test]
fn a_press_watches_5_then_measures_or_decides() {
    let mut p = Page::new(rules());
    assert_eq!(
        p.on_event(&ev("click:login:", ""), false),
        [Effect::Watch(5), Effect::FocusDigit(0)]
    );
    let mut p = page_with(rules(), "1234", true);
    assert_eq!(
        p.on_event(&ev("click:login:", ""), false),
        [Effect::Watch(5), Effect::Measure]
    );
    assert!(!p.state.busy, "nothing is decided before the measures");
    assert_eq!(
        p.measured(&all_visible()),
        [
            Effect::ShowDigits,
            Effect::Busy(true),
            Effect::Submit(d("1234"))
        ]
    );
    assert!(p.state.busy);
    assert_eq!(
        p.on_event(&ev("click:login:", ""), false),
        [Effect::Watch(5)],
        "busy: a second press only watches"
    );
}

#[test]
fn a_hidden_required_element_ends_the_call_with_600030() {
    let mut p = page_with(rules(), "1234", true);
    let mut m = all_visible();
    m[1].1.opacity = 0.0;
    assert_eq!(p.measured(&m), [Effect::End(Ending::Hidden("back icon"))]);
    assert!(!p.state.busy);
    let f = Ending::Hidden("back icon").failure();
    assert_eq!(f.code, Code::CssViolation);
    assert!(f.detail.contains("back icon"), "{}", f.detail);
    assert_eq!(Err(f), check_visible(&m));
    let names: Vec<&str> = REQUIRED.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["title", "back icon", "agreements", "login button"]);
}

#[test]
fn a_press_without_agreeing_toasts_or_opens_the_dialog() {
    let mut p = page_with(rules(), "1234", false);
    assert_eq!(p.measured(&all_visible()), [Effect::Toast]);
    let alert = Rules {
        alert_on_login: true,
        ..rules()
    };
    let mut p = page_with(alert, "1234", false);
    assert_eq!(
        p.measured(&all_visible()),
        [
            Effect::Hide(El::Alert, false),
            Effect::Focus(El::AlertTitle),
            Effect::PrivacyWatch(1, None)
        ]
    );
    assert!(!p.state.busy);
}

#[test]
fn the_measures_recheck_the_state_they_find() {
    // A handler that re-entered while the page was measured may have submitted or cleared meanwhile.
    let mut p = page_with(rules(), "1234", true);
    p.state.busy = true;
    assert!(p.measured(&all_visible()).is_empty());
    let mut p = page_with(rules(), "1234", true);
    p.state.digits.clear();
    assert_eq!(p.measured(&all_visible()), [Effect::FocusDigit(0)]);
}

#[test]
fn the_agreement_box_follows_the_checkbox() {
    let mut p = Page::new(rules());
    assert!(p.on_event(&ev("click:agree:", ""), true).is_empty());
    assert!(p.state.agreed);
    p.on_event(&ev("click:agree:", ""), false);
    assert!(!p.state.agreed);
}

#[test]
fn links_and_tabs_watch_3_or_7_with_the_link() {
    let mut p = Page::new(rules());
    assert_eq!(
        p.on_event(&ev("click:link:1", ""), false),
        at(false, false, 1)
    );
    assert_eq!(
        p.on_event(&ev("click:tab:1", ""), false),
        at(true, false, 1)
    );
    assert!(
        p.on_event(&ev("click:link:2", ""), false).is_empty(),
        "no third link"
    );
    assert!(p.on_event(&ev("click:link:", ""), false).is_empty());

    let mut p = Page::new(Rules {
        pre_links: Some(1),
        ..rules()
    });
    assert_eq!(
        p.on_event(&ev("click:link:0", ""), false),
        at(false, true, 0),
        "the agreement-first page's own list"
    );
    assert!(p.on_event(&ev("click:link:1", ""), false).is_empty());
    assert_eq!(
        p.on_event(&ev("click:tab:1", ""), false),
        at(true, false, 1),
        "the dialog lists the main page's"
    );
    p.state.pre_page = false;
    assert_eq!(
        p.on_event(&ev("click:link:1", ""), false),
        at(false, false, 1),
        "after the agreement-first page, the main page's"
    );
}

#[test]
fn the_agreement_first_page_needs_its_box() {
    let mut p = Page::new(Rules {
        pre_links: Some(1),
        ..rules()
    });
    assert_eq!(p.on_event(&ev("click:pre:", ""), false), [Effect::Toast]);
    assert!(p.state.pre_page && !p.state.agreed);
    assert_eq!(
        p.on_event(&ev("click:pre:", ""), true),
        [
            Effect::Tick(El::MainBox),
            Effect::Hide(El::PreView, true),
            Effect::Hide(El::MainView, false),
            Effect::FocusDigit(0),
            Effect::ProtocolWatch(2)
        ]
    );
    assert!(!p.state.pre_page && p.state.agreed);
}

#[test]
fn the_privacy_dialog_answers() {
    let alert = Rules {
        alert_on_login: true,
        ..rules()
    };
    let mut p = page_with(alert, "1234", false);
    assert_eq!(
        p.on_event(&ev("click:alert-no:", ""), false),
        [
            Effect::Hide(El::Alert, true),
            Effect::PrivacyWatch(2, Some(false)),
            Effect::Focus(El::LoginButton)
        ]
    );
    assert!(!p.state.agreed);
    assert_eq!(
        p.on_event(&ev("click:alert-ok:", ""), false),
        [
            Effect::Hide(El::Alert, true),
            Effect::PrivacyWatch(2, Some(true)),
            Effect::Tick(El::MainBox),
            Effect::Focus(El::LoginButton)
        ]
    );
    assert!(p.state.agreed);

    let auto = Rules {
        auto_login: true,
        ..alert
    };
    let mut p = page_with(auto, "1234", false);
    assert_eq!(
        p.on_event(&ev("click:alert-ok:", ""), false),
        [
            Effect::Hide(El::Alert, true),
            Effect::PrivacyWatch(2, Some(true)),
            Effect::Tick(El::MainBox),
            Effect::Measure
        ],
        "auto-login submits without a second watch(5)"
    );
    assert_eq!(
        p.measured(&all_visible()).last(),
        Some(&Effect::Submit(d("1234")))
    );
}

#[test]
fn the_extra_button_and_unknown_events() {
    let mut p = Page::new(rules());
    assert_eq!(
        p.on_event(&ev("click:extra:", ""), false),
        [Effect::ExtraClick]
    );
    for e in ["click:mask:", "click::", "focusin::0", "click:nothing:1"] {
        assert!(p.on_event(&ev(e, ""), false).is_empty(), "{e}");
    }
    assert_eq!(p, Page::new(rules()), "no state changed");
}

#[test]
fn helpers_clear_focus_and_show_messages() {
    let mut p = page_with(rules(), "123", true);
    assert_eq!(
        p.helper(&Helper::Clear),
        [Effect::ShowDigits, Effect::FocusDigit(0)]
    );
    assert_eq!(p.state.digits, Digits::default());
    for (arg, i) in [
        (Some(2.0), 2),
        (Some(1.7), 1),
        (Some(-1.0), 0),
        (Some(9.0), 3),
        (Some(f64::NAN), 0),
        (Some(f64::INFINITY), 0),
        (None, 0),
    ] {
        assert_eq!(
            p.helper(&Helper::FocusOn(arg)),
            [Effect::FocusDigit(i)],
            "{arg:?}"
        );
    }
    let mut msg = |m: Option<Message>| p.helper(&Helper::SetMessage(m));
    let cleared = [Effect::Message(Text::Empty, 0)];
    assert_eq!(msg(None), cleared, "not an object: clears");
    let hidden = Message {
        show: Some(false),
        time: Some(1.0),
    };
    assert_eq!(msg(Some(hidden)), cleared);
    let shown = Message {
        show: None,
        time: Some(1.5),
    };
    assert_eq!(msg(Some(shown)), [Effect::Message(Text::Given, 1_500)]);
    for (time, ms) in [
        (None, 0),
        (Some(0.0), 0),
        (Some(-2.0), 0),
        (Some(f64::NAN), 0),
        (Some(1e9), MESSAGE_MAX_MS),
    ] {
        let m = Message {
            show: Some(true),
            time,
        };
        assert_eq!(msg(Some(m)), [Effect::Message(Text::Given, ms)], "{time:?}");
    }
    assert_eq!(Text::Given.resolve("号码不符"), "号码不符");
    assert_eq!(Text::Empty.resolve("号码不符"), "");
    assert_eq!(Text::Wrong(Some(1)).resolve(""), wrong_message(Some(1)));
}

#[test]
fn wrong_digits_clear_and_say_so_then_success_frees_the_button() {
    let mut p = page_with(rules(), "1234", true);
    p.measured(&all_visible());
    assert!(p.state.busy);
    assert_eq!(
        p.wrong(Some(2)),
        [
            Effect::Busy(false),
            Effect::BadDigits(true),
            Effect::ShowDigits,
            Effect::Message(Text::Wrong(Some(2)), 0),
            Effect::FocusDigit(0)
        ]
    );
    assert_eq!((p.state.busy, p.state.wrong), (false, 1));
    p.state.digits.type_text(0, "4321");
    p.measured(&all_visible());
    assert_eq!(p.succeeded(), [Effect::Busy(false), Effect::ShowDigits]);
    assert!(!p.state.busy);
}

#[test]
fn every_element_is_in_the_page_template() {
    use crate::auth_page::{AuthPage, PrePage, PrivacyAlert};
    // `privacyAlertIsNeedShow` and `isPrePageType` on, their objects absent: both parts with their defaults.
    let mut page = AuthPage::default();
    page.privacy_alert = Some(PrivacyAlert::default());
    page.pre_page = Some(PrePage {
        agreements: page.agreements.clone(),
        btn_text: PrePage::DEFAULT_BTN_TEXT.into(),
    });
    let html = crate::auth_page_html::render(&page, Vender::Cm, "138", "5678");
    for (el, marker) in [
        (El::Title, "class=\"title\""),
        (El::LoginButton, "data-a=\"login\""),
        (El::MainBox, "id=\"ck\""),
        (El::PreBox, "id=\"pk\""),
        (El::Alert, "class=\"alert"),
        (El::AlertTitle, "id=\"at\""),
        (El::PreView, "data-view=\"pre\""),
        (El::MainView, "data-view=\"main\""),
    ] {
        assert!(html.contains(marker), "{el:?}: {marker}");
        let sel = el.selector();
        let key = sel
            .trim_start_matches(['.', '#', '['])
            .trim_end_matches(']');
        let key = key.split('=').next_back().unwrap_or(key).trim_matches('"');
        assert!(marker.contains(key), "{el:?}: {sel} names {marker}");
    }
}
