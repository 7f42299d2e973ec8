use crate::address_form::AddressDraft;
use crate::api::{ApiError, CustomerApi};
use crate::components::{
    AddressFields, AddressFieldset, CheckboxField, DetailFields, DetailInputs, ErrorSummary,
    FormState, NameFields, NameInputs, PageHeading, PasswordField, SubmitButton, TextField,
};
use crate::context::Store;
use crate::i18n::{around, field_label, t, tf};
use crate::registration::{Registration, fields};
use crate::session::Session;
use commerce_rest::error::templates;
use commerce_rest::validate::limits;
use commerce_rest::{Country, Credentials, Customer, FormField, Message};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_navigate;

/// How far registration got when something went wrong.
enum Stopped {
    /// The store refused the account: nothing was created, the form says why.
    NotCreated(ApiError),
    /// The account exists but signing in with it failed (a store that wants the e-mail
    /// confirmed first, say).
    CreatedNotSignedIn(ApiError),
}

/// After a create whose answer was lost, finds out with a sign-in whether the account exists:
/// she lands in it, or may send the form again, or is told that nobody can tell yet.
async fn find_out(
    store: &Store,
    session: Session,
    credentials: Credentials,
    lost: ApiError,
    form: FormState,
    unknown: RwSignal<Option<(Credentials, String)>>,
    navigate: impl Fn(&str, leptos_router::NavigateOptions),
) {
    match store.guest.sign_in(&credentials).await {
        Ok(api) => {
            form.done();
            unknown.set(None);
            session.sign_in(api, None);
            session.tell(t("Your account was created."));
            navigate("/account", Default::default());
        }
        Err(ApiError::Rejected { status: 401, .. }) => {
            unknown.set(None);
            let mut messages = vec![Message::plain(
                "Your account was not created. Please send the form again.",
            )];
            messages.extend(lost.messages());
            form.show(messages);
        }
        Err(still) => {
            form.done();
            unknown.set(Some((credentials, still.text())));
        }
    }
}

/// What registration came to.
enum Registered {
    SignedIn(CustomerApi, Box<Customer>),
    /// The store wants the e-mail confirmed first (`customer/create_account/confirm`): a
    /// sign-in would fail, and count toward the sign-in lock.
    ToConfirm {
        email: String,
    },
}

/// Creates the account, then signs in with the same credentials: two calls to the store.
async fn register(
    store: &Store,
    registration: &Registration,
    countries: &[Country],
) -> Result<Registered, Stopped> {
    let request = registration.request(countries, &store.rules.customer);
    let customer = store
        .guest
        .create_customer(&request)
        .await
        .map_err(Stopped::NotCreated)?;
    if store.rules.customer.confirm {
        return Ok(Registered::ToConfirm {
            email: customer.email,
        });
    }
    let credentials = Credentials {
        username: customer.email.clone(),
        password: registration.password.clone(),
    };
    let api = store
        .guest
        .sign_in(&credentials)
        .await
        .map_err(Stopped::CreatedNotSignedIn)?;
    Ok(Registered::SignedIn(api, Box::new(customer)))
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let store = expect_context::<Store>();
    let session = expect_context::<Session>();
    if session.customer_api.with_untracked(Option::is_some) {
        return view! { <Redirect path="/account" /> }.into_any();
    }
    let navigate = use_navigate();
    let names = NameFields::new(&Default::default());
    let details = DetailFields::new(&Default::default());
    let email = session.email;
    let password = RwSignal::new(String::new());
    let subscribe = RwSignal::new(false);
    let address = AddressFields::new(&AddressDraft::new(&store.default_country));
    let form = FormState::default();
    let created = RwSignal::new(None::<String>);
    // Set while nobody can tell whether the account exists: no second create is offered.
    let unknown = RwSignal::new(None::<(Credentials, String)>);
    let countries = store.countries;
    countries.want();

    let submit_store = store.clone();
    let submit_navigate = navigate.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(Ok(countries)) = countries.get_untracked() else {
            return form.show_text(
                t("The list of countries has not loaded from the store yet. Please wait a moment and try again."),
            );
        };
        let registration = Registration {
            name: names.draft(),
            details: details.draft(),
            email: email.get_untracked(),
            password: password.get_untracked(),
            subscribe: subscribe.get_untracked(),
            address: address.draft(),
        };
        let problems = registration.problems(
            &countries,
            &submit_store.rules,
            &crate::locale::latest_today(),
        );
        if !problems.is_empty() {
            return form.show(problems);
        }
        if !form.begin() {
            return;
        }
        let store = submit_store.clone();
        let navigate = submit_navigate.clone();
        spawn_local(async move {
            match register(&store, &registration, &countries).await {
                Ok(Registered::SignedIn(api, customer)) => {
                    form.done();
                    session.sign_in(api, Some(*customer));
                    navigate("/account", Default::default());
                }
                Ok(Registered::ToConfirm { email }) => {
                    form.done();
                    session.tell(&tf(
                        "Thank you for creating an account. We have sent a confirmation link to %1: follow it, then sign in here.",
                        &[&email],
                    ));
                    navigate("/login", Default::default());
                }
                Err(Stopped::CreatedNotSignedIn(e)) => {
                    form.done();
                    created.set(Some(e.text()));
                }
                Err(Stopped::NotCreated(e)) if e.outcome_unknown() => {
                    let credentials = Credentials {
                        username: registration.email.trim().to_owned(),
                        password: registration.password.clone(),
                    };
                    find_out(&store, session, credentials, e, form, unknown, navigate).await;
                }
                Err(Stopped::NotCreated(e)) => form.show(e.messages()),
            }
        });
    };
    let check_again = {
        let store = store.clone();
        let navigate = navigate.clone();
        move |_| {
            let Some((credentials, _)) = unknown.get_untracked() else {
                return;
            };
            if !form.begin() {
                return;
            }
            let store = store.clone();
            let navigate = navigate.clone();
            spawn_local(async move {
                let lost = ApiError::Network;
                find_out(&store, session, credentials, lost, form, unknown, navigate).await;
            });
        }
    };

    let confirm = around::<3>(
        "If the store asked you to confirm your e-mail address, follow the link it sent, then %1sign in%2.",
    );
    let unknown_help = around::<3>(
        "Nothing is sent again by itself. Check again in a moment, or %1sign in%2 with this email and password; create the account again only if that does not work.",
    );
    let yours = around::<3>("Is it yours? %1 or %2.");
    view! {
        <section class="card" aria-labelledby="register-title">
            <PageHeading id="register-title" text=t("Create an account") />
            <Show when=move || created.with(Option::is_some)>
                <div class="notice" role="status">
                    <p>{t("Your account has been created, but signing in did not work: ")} {move || created.get()}</p>
                    <p>{confirm[0]} <A href=crate::href("/login")>{confirm[1]}</A> {confirm[2]}</p>
                </div>
            </Show>
            <Show when=move || unknown.with(Option::is_some)>
                <div class="notice error" role="alert">
                    <p>
                        {t("We could not find out whether your account was created: ")}
                        {move || unknown.get().map(|(_, reason)| reason)}
                    </p>
                    <p>
                        {unknown_help[0]}
                        <A href=crate::href("/login")>{unknown_help[1]}</A>
                        {unknown_help[2]}
                    </p>
                    <button type="button" class="secondary" on:click=check_again.clone() disabled=move || form.pending.get()>
                        {t("Check again")}
                    </button>
                </div>
            </Show>
            <form node_ref=form.form on:submit=on_submit novalidate>
                <ErrorSummary messages=form.summary(fields(&store.rules.customer)) />
                <fieldset>
                    <legend>{t("Personal information")}</legend>
                    <NameInputs names form />
                    <DetailInputs details form />
                    <CheckboxField id="subscribe" label=t("Sign up for the newsletter") checked=subscribe />
                </fieldset>
                <fieldset>
                    <legend>{t("Sign-in information")}</legend>
                    <TextField id="email" label=field_label(FormField::Email) input_type="email" autocomplete="email" value=email error=form.error(FormField::Email) maxlength=limits::EMAIL />
                    <Show when=move || form.errors.with(|e| e.is(FormField::Email, templates::DUPLICATE_EMAIL))>
                        <p class="field-help" id="email-help">
                            {yours[0]}
                            <A href=crate::href("/login")>{t("Sign in with this address")}</A>
                            {yours[1]}
                            <A href=crate::href("/forgot-password")>{t("set a new password")}</A>
                            {yours[2]}
                        </p>
                    </Show>
                    <PasswordField id="password" label=field_label(FormField::Password) autocomplete="new-password" value=password error=form.error(FormField::Password) policy=store.rules.password />
                </fieldset>
                <AddressFieldset fields=address form legend=t("Default billing and shipping address") />
                <Show when=move || unknown.with(Option::is_none)>
                    <SubmitButton form label=t("Create an account") pending_label=t("Creating your account…") />
                </Show>
            </form>
            <p class="switch">{t("Already have an account? ")} <A href=crate::href("/login")>{t("Sign in")}</A></p>
        </section>
    }
    .into_any()
}
