// The demo shop tells Duet what the customer sees, exactly as docs/embedding.md shows: the cart on
// load, the checkout step, and a declined payment (which then goes into the human's brief).
(function () {
  'use strict';
  var cart = [
    {name: 'Trail running shoes', quantity: 1, price: 1299},
    {name: 'Merino base layer', quantity: 2, price: 549},
    {name: 'Headlamp 400 lm', quantity: 1, price: 399}
  ];
  function withDuet(fn) {
    if (window.Duet) fn(window.Duet);
    else window.addEventListener('duet:load', function () { fn(window.Duet); }, {once: true});
  }
  withDuet(function (duet) {
    duet.setContext({cart: cart, total: 2845, currency: 'SEK', checkoutStep: 'payment', orderId: 'NO-10423'});
  });
  var error = document.getElementById('pay-error');
  function decline() {
    error.hidden = false;
    withDuet(function (duet) { duet.setContext({paymentError: 'card_declined'}); });
  }
  document.getElementById('decline').addEventListener('click', decline);
  document.getElementById('pay').addEventListener('submit', function (e) { e.preventDefault(); decline(); });
})();
