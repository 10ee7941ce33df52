{#- Cover of the print page and the PDFs. Rendered by mkdocs-print-site-plugin with `config`. -#}
{% set extra = config.extra %}
<div class="pr-cover">
  <p class="pr-cover__office">{{ extra.kantoor.naam }}</p>
  <h1 class="pr-cover__title">Protocol gebruik internet en sociale media</h1>
  <p class="pr-cover__variant" data-pdf-variant></p>
  <table class="pr-cover__facts">
    <tr><th scope="row">Versie</th><td>{{ extra.protocol.versie }}</td></tr>
    <tr><th scope="row">Geldig vanaf</th><td>{{ extra.protocol.ingangsdatum_tekst }}</td></tr>
    {% if extra.protocol.instemming_tekst %}
    <tr><th scope="row">Instemming {{ extra.protocol.medezeggenschap }}</th><td>{{ extra.protocol.instemming_tekst }}</td></tr>
    {% endif %}
    <tr><th scope="row">Vragen</th><td>{{ extra.contact.hr.naam }}, {{ extra.contact.hr.functie }}{% if extra.contact.hr.email %} ({{ extra.contact.hr.email }}){% endif %}</td></tr>
  </table>
</div>
