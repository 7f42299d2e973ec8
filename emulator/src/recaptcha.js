// The Commerce emulator's stand-in for Google's reCAPTCHA script (api.js): the same
// `grecaptcha` surface a storefront uses with `render=explicit` (render, execute,
// getResponse, reset, ready, and the `onload` callback named in the script's query), with
// tokens the emulator issues for a site key, single-use, for two minutes. Nothing here
// calls Google. No inline style: what it styles, it styles through the CSSOM, which a
// strict Content-Security-Policy allows.
(() => {
  const script = document.currentScript;
  const source = new URL(script.src);
  const issuer = new URL("token", source).href;
  const query = source.searchParams;
  const words = {
    en: ["I'm not a robot", "Protected by reCAPTCHA (Commerce emulator stand-in)"],
    de: ["Ich bin kein Roboter", "Geschützt durch reCAPTCHA (Stellvertreter des Commerce-Emulators)"],
    fr: ["Je ne suis pas un robot", "Protégé par reCAPTCHA (substitut de l'émulateur Commerce)"],
    nl: ["Ik ben geen robot", "Beschermd door reCAPTCHA (vervanger van de Commerce-emulator)"],
    es: ["No soy un robot", "Protegido por reCAPTCHA (sustituto del emulador de Commerce)"],
    ar: ["لست برنامج روبوت", "محمي بواسطة reCAPTCHA (بديل محاكي Commerce)"],
  };
  const widgets = [];

  const style = (element, rules) => Object.assign(element.style, rules);

  async function issue(widget) {
    // text/plain keeps it a simple request: no preflight from a site on another origin.
    const answer = await fetch(issuer, {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: JSON.stringify({ sitekey: widget.params.sitekey }),
    });
    if (!answer.ok) throw new Error("the stand-in issued no token");
    const { token } = await answer.json();
    return token;
  }

  function given(widget, token) {
    widget.response = token;
    clearTimeout(widget.expiry);
    widget.expiry = setTimeout(() => {
      widget.response = "";
      if (widget.box) widget.box.checked = false;
      widget.params["expired-callback"]?.();
    }, 120000);
    widget.params.callback?.(token);
  }

  function language(params) {
    const code = (params.hl || query.get("hl") || document.documentElement.lang || "en").slice(0, 2);
    return words[code] ?? words.en;
  }

  function checkbox(container, widget, id) {
    const [robot, protectedBy] = language(widget.params);
    const dark = widget.params.theme === "dark";
    const frame = document.createElement("div");
    frame.className = "emulator-recaptcha";
    style(frame, {
      display: "inline-flex", alignItems: "center", gap: "0.6em", padding: "0.6em 0.8em",
      border: "1px solid #d3d3d3", borderRadius: "3px",
      background: dark ? "#222" : "#f9f9f9", color: dark ? "#fff" : "#000",
      fontSize: widget.params.size === "compact" ? "0.85em" : "1em",
    });
    const box = document.createElement("input");
    box.type = "checkbox";
    box.id = `emulator-recaptcha-${id}`;
    const label = document.createElement("label");
    label.htmlFor = box.id;
    label.textContent = robot;
    const note = document.createElement("small");
    note.textContent = protectedBy;
    style(note, { display: "block", fontSize: "0.7em" });
    const text = document.createElement("span");
    text.append(label, note);
    frame.append(box, text);
    container.append(frame);
    widget.box = box;
    box.addEventListener("change", async () => {
      if (!box.checked) {
        widget.response = "";
        return;
      }
      try {
        given(widget, await issue(widget));
      } catch {
        box.checked = false;
        widget.params["error-callback"]?.();
      }
    });
  }

  function badge(container, widget) {
    const [, protectedBy] = language(widget.params);
    const element = document.createElement("div");
    element.className = "emulator-recaptcha-badge grecaptcha-badge";
    element.textContent = protectedBy;
    style(element, {
      padding: "0.4em 0.6em", fontSize: "0.75em", border: "1px solid #d3d3d3",
      background: widget.params.theme === "dark" ? "#222" : "#f9f9f9",
      color: widget.params.theme === "dark" ? "#fff" : "#000",
    });
    // In its container, as Google's: it goes when the form goes.
    const position = widget.params.badge || "bottomright";
    if (position !== "inline") {
      style(element, { position: "fixed", bottom: "14px", maxWidth: "16em", zIndex: "10" });
      element.style[position === "bottomleft" ? "left" : "right"] = "14px";
    }
    container.append(element);
  }

  window.grecaptcha = {
    render(container, params) {
      const element = typeof container === "string" ? document.getElementById(container) : container;
      const id = widgets.length;
      const widget = { params: params || {}, response: "" };
      widgets.push(widget);
      if (widget.params.size === "invisible") badge(element, widget);
      else checkbox(element, widget, id);
      return id;
    },
    execute(id = 0) {
      const widget = widgets[id];
      return issue(widget).then((token) => {
        given(widget, token);
        return token;
      });
    },
    getResponse(id = 0) {
      return widgets[id]?.response ?? "";
    },
    reset(id = 0) {
      const widget = widgets[id];
      if (!widget) return;
      widget.response = "";
      clearTimeout(widget.expiry);
      if (widget.box) widget.box.checked = false;
    },
    ready(callback) {
      callback();
    },
  };

  const onload = query.get("onload");
  if (onload && typeof window[onload] === "function") window[onload]();
})();
