use crate::Store;
use crate::api::ApiError;
use crate::components::{ErrorSummary, PasswordField, SelectField, TextField, focus_first_error};
use crate::form::FormErrors;
use crate::registration::{FIELDS, Registration};
use crate::session::Session;
use commerce_rest::{Country, Credentials, FormField};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

/// What the shopper has typed, one signal a field; it outlives every error.
#[derive(Clone, Copy)]
struct Fields {
    firstname: RwSignal<String>,
    lastname: RwSignal<String>,
    email: RwSignal<String>,
    password: RwSignal<String>,
    subscribe: RwSignal<bool>,
    country_id: RwSignal<String>,
    region_id: RwSignal<String>,
    region_text: RwSignal<String>,
    street1: RwSignal<String>,
    street2: RwSignal<String>,
    city: RwSignal<String>,
    postcode: RwSignal<String>,
    telephone: RwSignal<String>,
}

impl Fields {
    fn new(country: &str) -> Fields {
        let text = || RwSignal::new(String::new());
        Fields {
            firstname: text(),
            lastname: text(),
            email: text(),
            password: text(),
            subscribe: RwSignal::new(false),
            country_id: RwSignal::new(country.to_owned()),
            region_id: text(),
            region_text: text(),
            street1: text(),
            street2: text(),
            city: text(),
            postcode: text(),
            telephone: text(),
        }
    }

    fn registration(&self) -> Registration {
        Registration {
            firstname: self.firstname.get_untracked(),
            lastname: self.lastname.get_untracked(),
            email: self.email.get_untracked(),
            password: self.password.get_untracked(),
            subscribe: self.subscribe.get_untracked(),
            country_id: self.country_id.get_untracked(),
            region_id: self.region_id.get_untracked(),
            region_text: self.region_text.get_untracked(),
            street: [self.street1.get_untracked(), self.street2.get_untracked()],
            city: self.city.get_untracked(),
            postcode: self.postcode.get_untracked(),
            telephone: self.telephone.get_untracked(),
        }
    }
}

/// Creates the account, then signs in with the same credentials: two calls to the store.
async fn register(
    store: &Store,
    registration: &Registration,
    countries: &[Country],
) -> Result<(crate::api::CustomerApi, commerce_rest::Customer), (bool, ApiError)> {
    let request = registration.request(countries);
    let customer = store
        .guest
        .create_customer(&request)
        .await
        .map_err(|e| (false, e))?;
    let credentials = Credentials {
        username: customer.email.clone(),
        password: registration.password.clone(),
    };
    let api = store
        .guest
        .sign_in(&credentials)
        .await
        .map_err(|e| (true, e))?;
    Ok((api, customer))
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let store = expect_context::<Store>();
    let session = expect_context::<Session>();
    let navigate = use_navigate();
    let fields = Fields::new(&store.default_country);
    let errors = RwSignal::new(FormErrors::default());
    let pending = RwSignal::new(false);
    let created = RwSignal::new(None::<String>);
    let countries = store.countries;
    let field_error = move |f| Signal::derive(move || errors.with(|e| e.for_field(f)));

    let directory = move || countries.get().and_then(Result::ok).unwrap_or_default();
    let selected_country = Memo::new(move |_| {
        let id = fields.country_id.get();
        directory().into_iter().find(|c| c.id == id)
    });
    let has_regions = Memo::new(move |_| {
        selected_country.with(|c| c.as_ref().is_some_and(|c| !c.available_regions.is_empty()))
    });
    let rules = store.rules.clone();
    let region_required = {
        let rules = rules.clone();
        Signal::derive(move || rules.region_required(&fields.country_id.get()))
    };
    let postcode_required = {
        let rules = rules.clone();
        Signal::derive(move || rules.postcode_required(&fields.country_id.get()))
    };
    let country_options = Signal::derive(move || {
        directory()
            .into_iter()
            .map(|c| (c.id.clone(), c.name().to_owned()))
            .collect::<Vec<_>>()
    });
    let region_options = Signal::derive(move || {
        selected_country
            .get()
            .map(|c| {
                c.available_regions
                    .into_iter()
                    .map(|r| (r.id, r.name))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    // A region chosen for one country means nothing in another.
    Effect::watch(
        move || fields.country_id.get(),
        move |_, _, _| fields.region_id.set(String::new()),
        false,
    );

    let submit_store = store.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let Some(Ok(countries)) = countries.get_untracked() else {
            errors.set(FormErrors::general(
                "The list of countries has not loaded from the store yet. Please wait a moment and try again.",
            ));
            focus_first_error();
            return;
        };
        let registration = fields.registration();
        let problems = registration.problems(&countries, &rules);
        if !problems.is_empty() {
            errors.set(FormErrors::from_messages(problems));
            focus_first_error();
            return;
        }
        errors.set(FormErrors::default());
        pending.set(true);
        let store = submit_store.clone();
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = register(&store, &registration, &countries).await;
            pending.set(false);
            match result {
                Ok((api, customer)) => {
                    session.sign_in(api, Some(customer));
                    navigate("/account", Default::default());
                }
                Err((true, e)) => {
                    let reason = e
                        .messages()
                        .iter()
                        .map(|m| m.render())
                        .collect::<Vec<_>>()
                        .join(" ");
                    created.set(Some(reason));
                }
                Err((false, e)) => {
                    errors.set(FormErrors::from_messages(e.messages()));
                    focus_first_error();
                }
            }
        });
    };

    let countries_failed = move || {
        countries.get().and_then(Result::err).map(|e| {
            let text = e.messages().iter().map(|m| m.render()).collect::<Vec<_>>().join(" ");
            view! { <p class="notice error" role="alert">"Countries could not be loaded: " {text}</p> }
        })
    };

    view! {
        <section class="card" aria-labelledby="register-title">
            <h1 id="register-title">"Create an account"</h1>
            <Show when=move || created.with(Option::is_some)>
                <div class="notice" role="status">
                    <p>"Your account has been created, but signing in did not work: " {move || created.get()}</p>
                    <p>"If the store asked you to confirm your e-mail address, follow the link it sent, then " <a href="/login">"sign in"</a> "."</p>
                </div>
            </Show>
            {countries_failed}
            <form on:submit=on_submit novalidate>
                <ErrorSummary messages=Signal::derive(move || errors.with(|e| e.above_form(&FIELDS))) />
                <fieldset>
                    <legend>"Personal information"</legend>
                    <div class="row">
                        <TextField id="firstname" label="First name" autocomplete="given-name" value=fields.firstname error=field_error(FormField::Firstname) />
                        <TextField id="lastname" label="Last name" autocomplete="family-name" value=fields.lastname error=field_error(FormField::Lastname) />
                    </div>
                    <div class="field checkbox">
                        <input id="subscribe" name="subscribe" type="checkbox" bind:checked=fields.subscribe />
                        <label for="subscribe">"Sign up for the newsletter"</label>
                    </div>
                </fieldset>
                <fieldset>
                    <legend>"Sign-in information"</legend>
                    <TextField id="email" label="Email" input_type="email" autocomplete="email" value=fields.email error=field_error(FormField::Email) />
                    <PasswordField id="password" label="Password" autocomplete="new-password" value=fields.password error=field_error(FormField::Password) policy=store.rules.password />
                </fieldset>
                <fieldset>
                    <legend>"Default billing and shipping address"</legend>
                    <SelectField id="country" label="Country" autocomplete="country" value=fields.country_id options=country_options error=field_error(FormField::Country) placeholder="Choose a country" />
                    <Show
                        when=move || has_regions.get()
                        fallback=move || view! {
                            <TextField id="region" label="State/Province" autocomplete="address-level1" value=fields.region_text error=field_error(FormField::Region) required=region_required />
                        }
                    >
                        <SelectField id="region" label="State/Province" autocomplete="address-level1" value=fields.region_id options=region_options error=field_error(FormField::Region) required=region_required placeholder="Choose a state or province" />
                    </Show>
                    <TextField id="street" label="Street address" autocomplete="address-line1" value=fields.street1 error=field_error(FormField::Street) />
                    <TextField id="street2" label="Street address, line 2" autocomplete="address-line2" value=fields.street2 error=Signal::stored(None::<String>) required=false />
                    <div class="row">
                        <TextField id="city" label="City" autocomplete="address-level2" value=fields.city error=field_error(FormField::City) />
                        <TextField id="postcode" label="Zip/Postal code" autocomplete="postal-code" value=fields.postcode error=field_error(FormField::Postcode) required=postcode_required />
                    </div>
                    <TextField id="telephone" label="Phone number" input_type="tel" autocomplete="tel" value=fields.telephone error=field_error(FormField::Telephone) />
                </fieldset>
                <button type="submit" class="primary" disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
                    {move || if pending.get() { "Creating your account…" } else { "Create an account" }}
                </button>
            </form>
            <p class="switch">"Already have an account? " <a href="/login">"Sign in"</a></p>
        </section>
    }
}
