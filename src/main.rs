fn main() {
    commerce_account::start();
}
