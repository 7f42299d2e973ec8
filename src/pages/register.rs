use crate::address_form::AddressDraft;
use crate::api::{ApiError, CustomerApi};
use crate::components::{
    AddressFields, AddressFieldset, CheckboxField, DetailFields, DetailInputs, ErrorSummary,
    FormState, HumanCheck, HumanCheckField, NameFields, NameInputs, PageHeading, PasswordField,
    SubmitButton, TextField,
};
use crate::context::Store;
use crate::form::FormErrors;
use crate::i18n::{around, t, tf};
use crate::registration::{Registration, fields};
use crate::route::Route;
use crate::session::Session;
use commerce_rest::error::templates;
use commerce_rest::phrase;
use commerce_rest::recaptcha::FormKey;
use commerce_rest::{Country, Credentials, Customer, FormField, Message};
use leptos::prelude::*;
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
    checks: Checks,
    unknown: RwSignal<Option<(Credentials, String)>>,
    navigate: impl Fn(&str, leptos_router::NavigateOptions),
) -> Result<(), FormErrors> {
    if !checks.sign_in.proves_alone() {
        // Only her tick on the sign-in page can prove it: she finds out there.
        let reason = lost.text();
        unknown.set(Some((credentials, reason)));
        return Ok(());
    }
    let answer = match checks.sign_in.proof().await {
        Ok(proof) => store.guest.sign_in(&credentials, proof.as_ref()).await,
        Err(unproven) => Err(unproven),
    };
    checks.sign_in.used();
    match answer {
        Ok(api) => {
            unknown.set(None);
            session.sign_in(api, None);
            session.tell(t(phrase!("Your account was created.")));
            navigate(&Route::Account.path(), Default::default());
        }
        Err(e) if e.is_unconfirmed() => {
            unknown.set(None);
            tell_to_confirm(session, &credentials.username);
            navigate(&Route::Login.path(), Default::default());
        }
        Err(ApiError::Rejected { status: 401, .. }) => {
            unknown.set(None);
            let mut messages = vec![Message::plain(
                "Your account was not created. Please send the form again.",
            )];
            messages.extend(lost.messages());
            return Err(messages.into());
        }
        Err(still) => unknown.set(Some((credentials, still.text()))),
    }
    Ok(())
}

/// The store's checks of the two calls the form makes: creating the account, then signing in.
#[derive(Clone, Copy)]
struct Checks {
    create: HumanCheck,
    sign_in: HumanCheck,
}

/// What registration came to.
enum Registered {
    SignedIn(CustomerApi, Box<Customer>),
    /// The store wants the e-mail confirmed first (`customer/create_account/confirm`): a
    /// sign-in would fail, and count toward the sign-in lock.
    ToConfirm {
        email: String,
    },
    /// The store's sign-in asks for her tick, which this form has no place for: she signs in
    /// on the sign-in page.
    ToSignIn {
        email: String,
    },
}

/// Creates the account, then signs in with the same credentials: two calls to the store.
async fn register(
    store: &Store,
    registration: &Registration,
    countries: &[Country],
    checks: Checks,
) -> Result<Registered, Stopped> {
    let request = registration.request(countries, &store.rules.customer);
    let proof = checks.create.proof().await.map_err(Stopped::NotCreated)?;
    let created = store.guest.create_customer(&request, proof.as_ref()).await;
    checks.create.used();
    let customer = created.map_err(Stopped::NotCreated)?;
    if store.rules.customer.confirm {
        return Ok(Registered::ToConfirm {
            email: customer.email,
        });
    }
    if !checks.sign_in.proves_alone() {
        return Ok(Registered::ToSignIn {
            email: customer.email,
        });
    }
    let credentials = Credentials {
        username: customer.email.clone(),
        password: registration.password.clone(),
    };
    let proof = checks
        .sign_in
        .proof()
        .await
        .map_err(Stopped::CreatedNotSignedIn)?;
    let signed_in = store.guest.sign_in(&credentials, proof.as_ref()).await;
    checks.sign_in.used();
    let api = signed_in.map_err(Stopped::CreatedNotSignedIn)?;
    Ok(Registered::SignedIn(api, Box::new(customer)))
}

/// On the sign-in page: the link is on its way to her address.
fn tell_to_confirm(session: Session, email: &str) {
    session.tell(&tf(
        phrase!("Thank you for creating an account. We have sent a confirmation link to %1: follow it, then sign in here."),
        &[email],
    ));
}

/// What she has typed, one signal a field; it outlives every error.
#[derive(Clone, Copy)]
struct Typed {
    names: NameFields,
    details: DetailFields,
    email: RwSignal<String>,
    password: RwSignal<String>,
    subscribe: RwSignal<bool>,
    address: AddressFields,
}

impl Typed {
    fn registration(&self) -> Registration {
        Registration {
            name: self.names.draft(),
            details: self.details.draft(),
            email: self.email.get_untracked(),
            password: self.password.get_untracked(),
            subscribe: self.subscribe.get_untracked(),
            address: self.address.draft(),
        }
    }
}

/// Where an account stands that the form could not simply land her in.
#[derive(Clone, Copy)]
struct Aftermath {
    /// Created, but signing in with it failed: why.
    created: RwSignal<Option<String>>,
    /// Set while nobody can tell whether the account exists: no second create is offered.
    unknown: RwSignal<Option<(Credentials, String)>>,
}

/// Sends the registration and takes her where it leads.
async fn send(
    store: Store,
    session: Session,
    registration: Registration,
    countries: &[Country],
    checks: Checks,
    aftermath: Aftermath,
    navigate: impl Fn(&str, leptos_router::NavigateOptions),
) -> Result<(), FormErrors> {
    match register(&store, &registration, countries, checks).await {
        Ok(Registered::SignedIn(api, customer)) => {
            session.sign_in(api, Some(*customer));
            navigate(&Route::Account.path(), Default::default());
        }
        Ok(Registered::ToConfirm { email }) => {
            tell_to_confirm(session, &email);
            navigate(&Route::Login.path(), Default::default());
        }
        Ok(Registered::ToSignIn { email }) => {
            session.email().set(email);
            session.tell(t(phrase!(
                "Your account was created. Sign in with your new password."
            )));
            navigate(&Route::Login.path(), Default::default());
        }
        Err(Stopped::CreatedNotSignedIn(e)) => aftermath.created.set(Some(e.text())),
        Err(Stopped::NotCreated(e)) if e.outcome_unknown() => {
            let credentials = Credentials {
                username: registration.email.trim().to_owned(),
                password: registration.password.clone(),
            };
            let unknown = aftermath.unknown;
            return find_out(&store, session, credentials, e, checks, unknown, navigate).await;
        }
        Err(Stopped::NotCreated(e)) => return Err(e.into()),
    }
    Ok(())
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let store = expect_context::<Store>();
    let session = expect_context::<Session>();
    if session.customer_api().with_untracked(Option::is_some) {
        return view! { <Redirect path=Route::Account.path() /> }.into_any();
    }
    let navigate = use_navigate();
    let typed = Typed {
        names: NameFields::new(&Default::default()),
        details: DetailFields::new(&Default::default()),
        email: session.email(),
        password: RwSignal::new(String::new()),
        subscribe: RwSignal::new(false),
        address: AddressFields::new(&AddressDraft::new(&store.config.default_country)),
    };
    let form = FormState::default();
    let checks = Checks {
        create: HumanCheck::of(FormKey::Create),
        sign_in: HumanCheck::of(FormKey::Login),
    };
    let aftermath = Aftermath {
        created: RwSignal::new(None),
        unknown: RwSignal::new(None),
    };
    let submit_store = store.clone();
    let submit_navigate = navigate.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let countries = match submit_store.countries.for_submit() {
            Ok(countries) => countries,
            Err(not_yet) => return form.show(vec![not_yet]),
        };
        let registration = typed.registration();
        let today = crate::locale::latest_today();
        let problems = registration.problems(&countries, &submit_store.rules, &today);
        let store = submit_store.clone();
        let navigate = submit_navigate.clone();
        form.submit(problems, move || async move {
            send(
                store,
                session,
                registration,
                &countries,
                checks,
                aftermath,
                navigate,
            )
            .await
        });
    };
    let check_again = move |_| {
        let Some((credentials, _)) = aftermath.unknown.get_untracked() else {
            return;
        };
        let store = store.clone();
        let navigate = navigate.clone();
        form.submit(Vec::new(), move || async move {
            let lost = ApiError::Network;
            find_out(
                &store,
                session,
                credentials,
                lost,
                checks,
                aftermath.unknown,
                navigate,
            )
            .await
        });
    };
    view! {
        <section class="card" aria-labelledby="register-title">
            <PageHeading id="register-title" text=t(phrase!("Create an account")) />
            <CreatedNotice created=aftermath.created />
            <UnknownNotice unknown=aftermath.unknown form check_again />
            <form node_ref=form.form on:submit=on_submit novalidate>
                <RegisterFields typed form checks />
                <Show when=move || aftermath.unknown.with(Option::is_none)>
                    <SubmitButton form label=t(phrase!("Create an account")) pending_label=t(phrase!("Creating your account…")) />
                </Show>
            </form>
            <p class="switch">{t(phrase!("Already have an account? "))} <A href=Route::Login.href()>{t(phrase!("Sign in"))}</A></p>
        </section>
    }
    .into_any()
}

/// The form's fields, in the store's order, with what helps her along.
#[component]
fn RegisterFields(typed: Typed, form: FormState, checks: Checks) -> impl IntoView {
    let store = expect_context::<Store>();
    let yours = around::<3>(phrase!("Is it yours? %1 or %2."));
    view! {
        <ErrorSummary messages=form.summary(checks.create.with_fields(&fields(&store.rules.customer))) />
        <fieldset>
            <legend>{t(phrase!("Personal information"))}</legend>
            <NameInputs names=typed.names form />
            <DetailInputs details=typed.details form />
            <CheckboxField id="subscribe" label=t(phrase!("Sign up for the newsletter")) checked=typed.subscribe />
        </fieldset>
        <fieldset>
            <legend>{t(phrase!("Sign-in information"))}</legend>
            <TextField field=FormField::Email form value=typed.email />
            <Show when=move || form.errors.with(|e| e.is(FormField::Email, templates::DUPLICATE_EMAIL))>
                <p class="field-help" id="email-help">
                    {yours[0]}
                    <A href=Route::Login.href()>{t(phrase!("Sign in with this address"))}</A>
                    {yours[1]}
                    <A href=Route::ForgotPassword.href()>{t(phrase!("set a new password"))}</A>
                    {yours[2]}
                </p>
            </Show>
            <PasswordField field=FormField::Password form value=typed.password policy=store.rules.password />
        </fieldset>
        <AddressFieldset fields=typed.address form legend=t(phrase!("Default billing and shipping address")) />
        <HumanCheckField check=checks.create form />
        <HumanCheckField check=checks.sign_in form follow_up=true />
    }
}

/// An account created that could not be signed in with.
#[component]
fn CreatedNotice(created: RwSignal<Option<String>>) -> impl IntoView {
    let confirm = around::<3>(phrase!(
        "If the store asked you to confirm your e-mail address, follow the link it sent, then %1sign in%2."
    ));
    view! {
        <Show when=move || created.with(Option::is_some)>
            <div class="notice" role="status">
                <p>{t(phrase!("Your account has been created, but signing in did not work: "))} {move || created.get()}</p>
                <p>{confirm[0]} <A href=Route::Login.href()>{confirm[1]}</A> {confirm[2]}</p>
            </div>
        </Show>
    }
}

/// Nobody can tell yet whether the account was created: how to find out.
#[component]
fn UnknownNotice(
    unknown: RwSignal<Option<(Credentials, String)>>,
    form: FormState,
    check_again: impl Fn(leptos::ev::MouseEvent) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let help = around::<3>(phrase!(
        "Nothing is sent again by itself. Check again in a moment, or %1sign in%2 with this email and password; create the account again only if that does not work."
    ));
    view! {
        <Show when=move || unknown.with(Option::is_some)>
            <div class="notice error" role="alert">
                <p>
                    {t(phrase!("We could not find out whether your account was created: "))}
                    {move || unknown.get().map(|(_, reason)| reason)}
                </p>
                <p>{help[0]} <A href=Route::Login.href()>{help[1]}</A> {help[2]}</p>
                <button type="button" class="secondary" on:click=check_again.clone() disabled=move || form.pending.get()>
                    {t(phrase!("Check again"))}
                </button>
            </div>
        </Show>
    }
}
