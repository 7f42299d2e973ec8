fn main() {
    commerce_account::start();
}

/// For the start-up script: the chunk of the page being opened, to load while the app starts.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn prefetch_chunk(chunk: &str) {
    commerce_account::prefetch_chunk(chunk);
}
