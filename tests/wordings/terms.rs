//! Payment-term conventions, limit sizing and the world's currencies.

use credit_charter::calendar::PaymentTerms;
use credit_charter::claim::BuyerInvoice;
use credit_charter::credit_limit::size_limit;
use credit_charter::rulebook::ParamInput;
use credit_charter::{Currency, Money, PolicyTerms, Rulebook};

use crate::support::{d, eur, rules};

/// "30 days end of month": an invoice of 10 January 2028 (a leap year) is due on
/// 29 February; "end of month + 30 days" on 1 March; "30 days" on 9 February.
#[test]
fn c2_4_payment_terms_conventions_give_the_due_date() {
    let invoice = d(2028, 1, 10);
    let due = |terms: &str| {
        terms
            .parse::<PaymentTerms>()
            .unwrap()
            .due_date(invoice)
            .unwrap()
    };
    assert_eq!(due("30 days"), d(2028, 2, 9));
    assert_eq!(due("30 days end of month"), d(2028, 2, 29));
    assert_eq!(due("end of month + 30 days"), d(2028, 3, 1));
}

/// A case file's buyer invoice may state its terms instead of its due date; given both,
/// they must agree.
#[test]
fn c4_1_a_buyer_invoice_reads_its_due_date_from_its_terms() {
    let read = |due: &str| {
        serde_json::from_str::<BuyerInvoice>(&format!(
            r#"{{ "number": "INV-1", "invoice_date": "2026-01-10", "delivery_date": "2026-01-10",
                 {due} "amount": "EUR 1000", "vat": "EUR 0" }}"#
        ))
    };
    let by_terms = read(r#""terms": "30 days end of month","#).unwrap();
    assert_eq!(by_terms.due_date, d(2026, 2, 28));
    let both = read(r#""terms": "30 days end of month", "due_date": "2026-02-28","#).unwrap();
    assert_eq!(both, by_terms);
    let wrong = read(r#""terms": "30 days", "due_date": "2026-02-28","#).unwrap_err();
    assert!(
        wrong
            .to_string()
            .contains("the due date 2026-02-28 is not what its terms give (2026-02-09)"),
        "{wrong}"
    );
    assert!(
        read("")
            .unwrap_err()
            .to_string()
            .contains("missing field `due_date`")
    );
}

/// C3.1 application support, domain.md 2.1: EUR 1,200,000 a year on 60 days' credit is
/// EUR 197,260.27 owed on average; rounded up to the next thousand, EUR 198,000. A policy
/// that sizes in steps of EUR 5,000 asks for EUR 200,000.
#[test]
fn c3_1_a_limit_request_is_sized_from_turnover_and_rounded_up() {
    let turnover = eur("1200000");
    assert_eq!(
        size_limit(turnover, 60, &rules(), d(2026, 3, 1)).unwrap(),
        eur("198000")
    );
    let five_thousands = Rulebook::embedded()
        .unwrap()
        .for_policy(&PolicyTerms {
            currency: Currency::EUR,
            calendar: "NL".into(),
            parameters: [(
                "credit_limit.sizing_step".to_owned(),
                ParamInput::Text("EUR 5000".into()),
            )]
            .into(),
        })
        .unwrap();
    assert_eq!(
        size_limit(turnover, 60, &five_thousands, d(2026, 3, 1)).unwrap(),
        eur("200000")
    );
    // A step of zero would size every request to nothing: refused with its name.
    let zero = Rulebook::embedded().unwrap().for_policy(&PolicyTerms {
        currency: Currency::EUR,
        calendar: "NL".into(),
        parameters: [(
            "credit_limit.sizing_step".to_owned(),
            ParamInput::Text("EUR 0".into()),
        )]
        .into(),
    });
    assert!(
        zero.unwrap_err()
            .to_string()
            .contains("credit_limit.sizing_step")
    );
}

/// Currencies come from ISO 4217: the dirham (2 minor units), the Kuwaiti dinar (3) and
/// the yen (0) all read, and round at their own minor unit.
#[test]
fn currencies_from_iso_4217_round_at_their_minor_units() {
    let aed: Money = "AED 1250.50".parse().unwrap();
    assert_eq!(aed.to_string(), "AED 1,250.50");
    let kwd: Money = "KWD 10".parse().unwrap();
    assert_eq!(
        kwd.checked_percentage("33.3333%".parse().unwrap())
            .unwrap()
            .to_string(),
        "KWD 3.333"
    );
    let jpy: Money = "JPY 1000".parse().unwrap();
    assert_eq!(
        jpy.checked_percentage("90.05%".parse().unwrap())
            .unwrap()
            .to_string(),
        "JPY 901"
    );
    assert_eq!(Currency::from_code("CLF").unwrap().minor_units(), 4);
}
