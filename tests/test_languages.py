# ruff: noqa: RUF001  (the cases are real text: fullwidth commas, colons and typographic apostrophes)
"""The built-in languages of rules/languages/: stories, section names, risk columns, ratings and titles.

Each language has sentences and headings written the way real teams write them, and near-misses
that must not be taken for them. Everything goes through the public API: the merged lexicon(),
Phrases built from it, the kind detection and the linter, so a phrase of one language that
misleads another (every language is merged into every document) fails here too.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import pytest
import yaml

from prdlint.analysis.risks import rating_problem
from prdlint.kinds import detect_kind, expectations
from prdlint.kinds.languages import builtin_languages, lexicon
from prdlint.kinds.packs import builtin_pack, builtin_pack_paths
from prdlint.kinds.phrases import Phrases
from prdlint.model import Document, Table
from prdlint.rules.packs import pack_errors

from ._catalog import lint

RISK_ROLES = ("risk", "probability", "impact", "mitigation")


@dataclass(frozen=True)
class Language:
    """What one language's file must recognise, and what it must leave alone."""

    stories: tuple[str, ...]
    not_stories: tuple[str, ...]
    headings: tuple[tuple[str, str], ...]  # a Markdown heading, the role it has
    not_headings: tuple[tuple[str, str], ...]  # a Markdown heading, a role it must not have
    risk_header: str  # a risk table's header row
    risk_roles: tuple[str, ...]  # the role of each of its columns
    ratings: tuple[str, ...]  # probability / impact cells that are on a scale
    menu: str  # a template's unchosen ratings, which are not
    titles: tuple[tuple[str, str], ...]  # a document's title, the kind it names
    prd: tuple[str, str, str, str]  # headings of a small PRD: problem, requirements, metrics, risks
    backlog: tuple[str, str]  # a user-stories section with one story, and the story's criteria
    coverage: tuple[str, ...]  # a testing section's items that state a coverage target
    template: tuple[str, str]  # an example label, and the story template it hands to readers
    test_strategy: tuple[str, str]  # headings of a test plan: its scope, its entry and exit criteria
    vague_coverage: str = ""  # an item that sets coverage as a goal without a number (PRD302)


LANGUAGES: dict[str, Language] = {
    "de": Language(
        stories=(
            "Als Nutzer möchte ich meine Rechnungen als PDF herunterladen, damit ich sie ablegen kann.",
            "Als registrierte Kundin will ich mein Passwort zurücksetzen können.",
            "Als Administrator\nmöchte ich neue Dozierende anlegen,\ndamit die Planung vollständig ist.",
            "Ich als Teamleiter möchte eine Übersicht aller offenen Anfragen sehen.",
            "Als Nutzer:in kann ich Favoriten speichern, um sie später wiederzufinden.",
        ),
        not_stories=(
            "Als Ergebnis kann ich festhalten, dass der Import stabil läuft.",
            "Als nächstes muss ich die Datenbank migrieren.",
            "Als der Export startet, möchte ich benachrichtigt werden.",
            "Als Grundlage kann ich das Lastenheft von 2023 empfehlen.",
            "Alsdann wird der Bericht erzeugt, den ich brauche.",
        ),
        headings=(
            ("## 10. Risiken & Mitigation", "risks"),
            ("## 11. Risiko-Bewertung", "risks"),
            ("## 13. Erfolgskriterien", "success"),
            ("### Akzeptanzkriterien", "acceptance-criteria"),
            ("## 2. Problemstellung", "problem"),
            ("## 4. Funktionale Anforderungen", "requirements"),
            ("### 5.2 Nicht-funktionale Anforderungen", "non-functional"),
            ("## Abgrenzung", "out-of-scope"),
            ("## Nicht-Ziele", "out-of-scope"),
            ("## 3. Stakeholder & Zielgruppe", "audience"),
            ("### Testumgebung", "test-environment"),
            ("## Testendekriterien", "entry-exit"),
        ),
        not_headings=(
            ("## Nicht-Ziele", "goals"),
            ("## Anforderungsdokument Version 2", "requirements"),
        ),
        risk_header="| Risiko | Wahrscheinlichkeit | Impact | Mitigation |",
        risk_roles=RISK_ROLES,
        ratings=("Hoch", "mittel", "Niedrig", "gering", "sehr hoch"),
        menu="Hoch/Mittel/Niedrig",
        titles=(
            ("# Testkonzept für das Kundenportal", "test-strategy"),
            ("# Lastenheft: Online-Terminbuchung", "prd"),
            ("# Pflichtenheft Sensorprojekt", "prd"),
        ),
        prd=("Ausgangslage", "Funktionale Anforderungen", "Erfolgskennzahlen", "Risiken und Gegenmaßnahmen"),
        backlog=("## User Stories\n\n- Als Nutzer möchte ich Rechnungen herunterladen, damit ich sie ablegen kann.\n",
                 "  - Akzeptanzkriterien: Download als PDF in unter 2 s\n"),
        coverage=("## Teststrategie\n\n- Testabdeckung von mindestens 80 % für alle Module\n",
                  "## Qualitätssicherung\n\n- Testabdeckung nicht unter 80 %\n"),
        vague_coverage="## Teststrategie\n\n- Hohe Testabdeckung für alle Module\n",
        template=("Vorlage:", "Als [Rolle] möchte ich [Funktion], damit [Nutzen]."),
        test_strategy=("Testumfang", "Eingangs- und Endekriterien"),
    ),
    "fr": Language(
        stories=(
            "En tant qu'utilisateur, je veux exporter mes données afin de les archiver.",
            "En tant que gestionnaire, je souhaite valider les demandes de congés.",
            "En tant qu’administrateur\nJe veux désactiver un compte\nAfin de bloquer l'accès.",
            "En tant que client, j'aimerais recevoir une notification quand ma commande part.",
        ),
        not_stories=(
            "En tant que tel, je peux dire que le module est stable.",
            "En tant qu'expert en bâtiment, décris ce problème technique sur la photo.",
            "En tant que de besoin, je peux modifier la configuration.",
            "En tant qu'administrateur, exécutez le script de préparation.",
        ),
        headings=(
            ("### 11. RISQUES & MITIGATIONS", "risks"),
            ("## 5. Critères d'acceptation", "acceptance-criteria"),
            ("## Critères d’acceptation", "acceptance-criteria"),
            ("## Hors périmètre MVP (v2+)", "out-of-scope"),
            ("## 2. Contexte et problématique", "problem"),
            ("### Exigences non-fonctionnelles", "non-functional"),
            ("## Indicateurs de succès", "metrics"),
            ("## Critères d'entrée et de sortie", "entry-exit"),
        ),
        not_headings=(
            ("## Architecture cible", "audience"),
            ("## Plan de déploiement", "testing"),
        ),
        risk_header="| Risque | Vraisemblance | Gravité | Mesures d'atténuation |",
        risk_roles=RISK_ROLES,
        ratings=("Moyenne", "Élevé", "faible", "Haute", "critique"),
        menu="Faible / Moyen / Élevé",
        titles=(
            ("# Cahier des charges fonctionnel — Application de covoiturage", "prd"),
            ("# Plan de test : module de facturation", "test-strategy"),
        ),
        prd=("Contexte", "Exigences fonctionnelles", "Indicateurs clés", "Risques"),
        backlog=("## User stories\n\n- En tant qu'utilisateur, je veux exporter mes données afin de les archiver.\n",
                 "  - Critères d'acceptation : export CSV en moins de 5 s\n"),
        coverage=("## Stratégie de test\n\n- Couverture de code d'au moins 80 %\n",
                  "## Recette\n\n- Couverture de tests : pas moins de 80 %\n"),
        vague_coverage="## Stratégie de test\n\n- Bonne couverture de tests sur le cœur métier\n",
        template=("Modèle :", "En tant que [rôle], je veux [action] afin de [bénéfice]."),
        test_strategy=("Périmètre des tests", "Critères d'entrée et de sortie"),
    ),
    "es": Language(
        stories=(
            "Como usuario, quiero reservar un turno para asegurar mi atención.",
            "Como [cliente], quiero [reservar un turno con un profesional], para [asegurar mi atención].",
            "Como administrador necesito exportar los reportes mensuales.",
            "Yo como vendedor quiero ver mis comisiones del mes.",
            "Como usuario registrado, me gustaría guardar mis búsquedas.",
        ),
        not_stories=(
            "Como se muestra en la figura 3, quiero destacar el flujo de pago.",
            "Como resultado, necesito más tiempo para la migración.",
            "Como ya mencioné, puedo revisar el módulo mañana.",
            "Comodidad del usuario: quiero que sea rápido.",
        ),
        headings=(
            ("### Criterios de aceptación", "acceptance-criteria"),
            ("## 4. Requisitos funcionales", "requirements"),
            ("## 9. Riesgos y mitigaciones", "risks"),
            ("## 1. Planteamiento del problema", "problem"),
            ("## Fuera de alcance", "out-of-scope"),
            ("## No-objetivos", "out-of-scope"),
            ("## Métricas de éxito", "metrics"),
            ("## Requerimientos no funcionales", "non-functional"),
            ("# Historias de usuario", "user-stories"),
        ),
        not_headings=(
            ("## Meta tags y SEO", "goals"),
            ("## No-objetivos", "goals"),
            ("## Historial de versiones", "user-stories"),
        ),
        risk_header="| Riesgo | Probabilidad | Impacto | Mitigación |",
        risk_roles=RISK_ROLES,
        ratings=("Alta", "media", "Bajo", "Crítico", "muy alta"),
        menu="Alta/Media/Baja",
        titles=(
            ("# Documento de requisitos del producto: Turnos Online", "prd"),
            ("# Plan de pruebas del módulo de pagos", "test-strategy"),
        ),
        prd=("Contexto", "Requisitos funcionales", "Métricas de éxito", "Riesgos"),
        backlog=("## Historias de usuario\n\n- Como usuario, quiero reservar un turno para asegurar mi atención.\n",
                 "  - Criterios de aceptación: el turno aparece en mi agenda\n"),
        coverage=("## Estrategia de pruebas\n\n- Cobertura de pruebas mínima del 80 %\n",
                  "## Pruebas\n\n- Cobertura de código: al menos 80 %\n"),
        vague_coverage="## Estrategia de pruebas\n\n- Alta cobertura de pruebas en el backend\n",
        template=("Plantilla:", "Como [rol], quiero [acción], para [objetivo]."),
        test_strategy=("Alcance de las pruebas", "Criterios de entrada y salida"),
    ),
    "pt": Language(
        stories=(
            "Como usuário, desejo personalizar o site conforme minhas preferências.",
            "Como cliente, eu quero acompanhar meus pedidos para saber quando chegam.",
            "Eu, como administrador, preciso gerar relatórios mensais.",
            "Enquanto utilizador, pretendo alterar a minha palavra-passe.",
        ),
        not_stories=(
            "Como se vê na figura, o fluxo é simples e eu quero explicá-lo.",
            "Como resultado, posso afirmar que a migração funcionou.",
            "Enquanto isso, quero revisar o código legado.",
            "Enquanto o sistema carrega, posso ver o progresso.",
        ),
        headings=(
            ("### Histórias de Usuário", "user-stories"),
            ("### Critérios de aceite", "acceptance-criteria"),
            ("## 7. Riscos e mitigações", "risks"),
            ("## Fora do escopo", "out-of-scope"),
            ("## Requisitos não funcionais", "non-functional"),
            ("## Métricas de sucesso", "metrics"),
            ("## 1. Contextualização", "problem"),
        ),
        not_headings=(
            ("## Recursos necessários", "features"),
            ("## Não-objetivos", "goals"),
            ("## Histórico de Versões", "problem"),
        ),
        risk_header="| Risco | Probabilidade | Impacto | Mitigação |",
        risk_roles=RISK_ROLES,
        ratings=("Alta", "Média", "baixo", "Médio", "crítico"),
        menu="Alta | Média | Baixa",
        titles=(
            ("# Documento de Visão — Sistema de Eventos", "prd"),
            ("# Plano de Testes: App de Entregas", "test-strategy"),
            ("# Backlog do Produto", "backlog"),
        ),
        prd=("Contexto", "Requisitos funcionais", "Métricas de sucesso", "Riscos"),
        backlog=("## Histórias de usuário\n\n- Como usuário, desejo acompanhar meus pedidos para saber o prazo.\n",
                 "  - Critérios de aceite: status atualizado a cada 5 min\n"),
        coverage=("## Estratégia de testes\n\n- Cobertura de código: pelo menos 80%\n",),
        vague_coverage="## Estratégia de testes\n\n- Boa cobertura de testes\n",
        template=("Exemplo:", "Como [papel], eu quero [ação] para [benefício]."),
        test_strategy=("Escopo dos testes", "Critérios de entrada e saída"),
    ),
    "it": Language(
        stories=(
            "Come utente, voglio salvare i miei filtri per ritrovarli più tardi.",
            "Come amministratore vorrei disattivare gli account inattivi.",
            "In qualità di cliente, desidero ricevere una conferma via email.",
            "Come docente ho bisogno di esportare i voti in CSV.",
        ),
        not_stories=(
            "Come detto, voglio sottolineare che il sistema è lento.",
            "Come già descritto, posso confermare il risultato.",
            "Come si vede nella figura, vorrei evidenziare il flusso.",
            "Come da accordi, devo consegnare entro venerdì.",
        ),
        headings=(
            ("## Obiettivo", "goals"),
            ("## Fuori Scope", "out-of-scope"),
            ("### Criteri di accettazione", "acceptance-criteria"),
            ("## 6. Rischi e mitigazioni", "risks"),
            ("## Requisiti non funzionali", "non-functional"),
            ("## Metriche di successo", "metrics"),
            ("## Contesto", "problem"),
        ),
        not_headings=(
            ("## Accesso pubblico alle API", "audience"),
            ("## Scopo del documento", "features"),
        ),
        risk_header="| Rischio | Probabilità | Impatto | Mitigazione |",
        risk_roles=RISK_ROLES,
        ratings=("Alta", "media", "Basso", "critico", "molto alta"),
        menu="Alta/Media/Bassa",
        titles=(
            ("# Documento dei requisiti di prodotto — Prenotazioni", "prd"),
            ("# Piano di test per il portale clienti", "test-strategy"),
        ),
        prd=("Contesto", "Requisiti funzionali", "Metriche di successo", "Rischi"),
        backlog=("## Storie utente\n\n- Come utente, voglio salvare i miei filtri per ritrovarli più tardi.\n",
                 "  - Criteri di accettazione: i filtri restano dopo il logout\n"),
        coverage=("## Strategia di test\n\n- Copertura del codice almeno 80%\n",
                  "## Collaudo\n\n- Copertura dei test non inferiore all'80%\n"),
        vague_coverage="## Strategia di test\n\n- Buona copertura dei test\n",
        template=("Esempio:", "Come [ruolo], voglio [azione] per [beneficio]."),
        test_strategy=("Ambito dei test", "Criteri di ingresso e uscita"),
    ),
    "nl": Language(
        stories=(
            "Als gebruiker wil ik mijn wachtwoord resetten zodat ik weer kan inloggen.",
            "Als beheerder moet ik accounts kunnen blokkeren.",
            "Als klant zou ik graag een factuur per e-mail ontvangen.",
            "Ik als docent wil cijfers kunnen exporteren.",
        ),
        not_stories=(
            "Als de betaling mislukt, wil ik een melding krijgen.",
            "Als er geen data is, kan ik niets tonen.",
            "Als gevolg hiervan moet ik de planning aanpassen.",
            "Alsof het niets is, wil ik dat.",
        ),
        headings=(
            ("## 7. Risico's & Mitigatie", "risks"),
            ("## 13. Risicoregister", "risks"),
            ("### Acceptatiecriteria", "acceptance-criteria"),
            ("## Buiten scope", "out-of-scope"),
            ("## Niet-doelen", "out-of-scope"),
            ("## Niet-functionele eisen", "non-functional"),
            ("## 1. Aanleiding", "problem"),
            ("## Doelgroep", "audience"),
        ),
        not_headings=(
            ("## Gebruikersbeheer", "audience"),
            ("## Niet-doelen", "goals"),
            ("## Kansen en vervolgstappen", "risks"),
        ),
        risk_header="| Risico | Kans | Gevolgen | Maatregelen |",
        risk_roles=RISK_ROLES,
        ratings=("Hoog", "middel", "Laag", "gemiddeld", "zeer hoog"),
        menu="Hoog/Middel/Laag",
        titles=(
            ("# Testplan webshop", "test-strategy"),
            ("# Programma van Eisen — Roosterapplicatie", "prd"),
        ),
        prd=("Aanleiding", "Functionele eisen", "Succescriteria", "Risico's"),
        backlog=("## Gebruikersverhalen\n\n- Als gebruiker wil ik mijn wachtwoord resetten zodat ik kan inloggen.\n",
                 "  - Acceptatiecriteria: de resetlink is 30 minuten geldig\n"),
        coverage=("## Teststrategie\n\n- Testdekking van minimaal 80%\n",
                  "## Testaanpak\n\n- Codedekking niet minder dan 80%\n"),
        vague_coverage="## Teststrategie\n\n- Hoge testdekking\n",
        template=("Sjabloon:", "Als [rol] wil ik [actie] zodat [voordeel]."),
        test_strategy=("Testscope", "Ingangs- en uitgangscriteria"),
    ),
    "id": Language(
        stories=(
            "Sebagai pengguna, saya ingin reading mode yang saya pilih tersimpan otomatis, sehingga saya tidak"
            " perlu mengatur ulang.",
            "Sebagai user, saya bisa menambah transaksi income/expense/transfer dengan\nfield minimum: tanggal, tipe.",
            "Sebagai admin, saya dapat menghapus akun pengguna.",
            "Saya sebagai pelanggan ingin melihat riwayat pesanan.",
        ),
        not_stories=(
            "Sebagai contoh, saya ingin menunjukkan alur login.",
            "Sebagai bagian dari rilis ini, saya bisa menambahkan fitur ekspor.",
            "Sebagai berikut adalah daftar fitur yang saya ingin.",
            "Sebagaimana dijelaskan, saya ingin menambah kategori.",
        ),
        headings=(
            ("## 1. Latar Belakang", "problem"),
            ("## 12. Risiko & Mitigasi", "risks"),
            ("## 11. Metrik Sukses (post-launch)", "metrics"),
            ("### Kriteria Penerimaan", "acceptance-criteria"),
            ("## Di Luar Cakupan", "out-of-scope"),
            ("## Kebutuhan Non-Fungsional", "non-functional"),
            ("## 2. Tujuan Produk", "goals"),
        ),
        not_headings=(
            ("## Batasan Sistem", "out-of-scope"),
            ("## Riwayat Revisi", "problem"),
        ),
        risk_header="| Risiko | Kemungkinan | Dampak | Mitigasi |",
        risk_roles=RISK_ROLES,
        ratings=("Tinggi", "sedang", "Rendah", "sangat tinggi", "kritis"),
        menu="Tinggi/Sedang/Rendah",
        titles=(
            ("# Rencana Pengujian Aplikasi Kasir", "test-strategy"),
            ("# Dokumen Kebutuhan Produk: Aplikasi Kasir", "prd"),
        ),
        prd=("Latar Belakang", "Kebutuhan Fungsional", "Metrik Keberhasilan", "Risiko dan Mitigasi"),
        backlog=("## User Stories\n\n- Sebagai pengguna, saya ingin mencatat pengeluaran agar saldo terpantau.\n",
                 "  - Kriteria Penerimaan: transaksi tersimpan dalam 1 detik\n"),
        coverage=("## Strategi Pengujian\n\n- Cakupan kode minimal 80%\n",
                  "## Pengujian\n\n- Cakupan kode tidak kurang dari 80%\n"),
        template=("Contoh:", "Sebagai [peran], saya ingin [aksi] agar [manfaat]."),
        test_strategy=("Ruang Lingkup Pengujian", "Kriteria Masuk dan Keluar"),
    ),
    "ru": Language(
        stories=(
            "Как пользователь, я хочу сбросить пароль, чтобы снова войти в систему.",
            "Как администратор я могу блокировать учётные записи.",
            "Как менеджер проекта,\nя хотел бы видеть сводку задач,\nчтобы планировать спринт.",
            "Я как преподаватель хочу выгружать оценки в CSV.",
        ),
        not_stories=(
            "Как правило, я хочу видеть отчёт утром.",
            "Как только платёж пройдёт, я хочу получить письмо.",
            "Как видно из таблицы, я могу выбрать любой тариф.",
            "Какой формат я хочу, решим позже.",
        ),
        headings=(
            ("## 5. Риски и меры по снижению", "risks"),
            ("## Реестр рисков", "risks"),
            ("### Критерии приёмки", "acceptance-criteria"),
            ("## Вне рамок проекта", "out-of-scope"),
            ("## Нефункциональные требования", "non-functional"),
            ("## 1. Постановка проблемы", "problem"),
            ("## Целевая аудитория", "audience"),
            ("## Метрики успеха", "metrics"),
            ("## 4. Функциональные требования", "requirements"),
        ),
        not_headings=(
            ("## Управление пользователями", "audience"),
            ("## Вне рамок проекта", "goals"),
        ),
        risk_header="| Риск | Вероятность | Влияние | Меры по снижению |",
        risk_roles=RISK_ROLES,
        ratings=("Высокая", "средняя", "Низкая", "очень высокая", "критический"),
        menu="Высокая/Средняя/Низкая",
        titles=(
            ("# План тестирования интернет-магазина", "test-strategy"),
            ("# Требования к продукту: интернет-магазин", "prd"),
            ("# Техническое задание на разработку портала", "prd"),
        ),
        prd=("Постановка проблемы", "Функциональные требования", "Метрики успеха", "Риски"),
        backlog=("## Пользовательские истории\n\n- Как пользователь, я хочу сбросить пароль, чтобы снова войти.\n",
                 "  - Критерии приёмки: ссылка действует 30 минут\n"),
        coverage=("## Стратегия тестирования\n\n- Покрытие кода не менее 80%\n",
                  "## Тестирование\n\n- Покрытие тестами: 85%\n"),
        vague_coverage="## Стратегия тестирования\n\n- Высокое покрытие кода\n",
        template=("Шаблон:", "Как [роль], я хочу [действие], чтобы [выгода]."),
        test_strategy=("Область тестирования", "Критерии входа и выхода"),
    ),
    "pl": Language(
        stories=(
            "Jako użytkownik chcę zresetować hasło, aby ponownie się zalogować.",
            "Jako administrator, mogę blokować konta użytkowników.",
            "Jako klientka chciałabym otrzymywać fakturę e-mailem.",
            "Ja jako nauczyciel chcę eksportować oceny do CSV.",
        ),
        not_stories=(
            "Jako że płatność się nie powiodła, chcę wysłać powiadomienie.",
            "Jako przykład mogę podać eksport do CSV.",
            "Jako pierwszy krok muszę przygotować bazę danych.",
            "Jakość danych, którą chcę osiągnąć, opisano niżej.",
        ),
        headings=(
            ("## 7. Ryzyka i działania zapobiegawcze", "risks"),
            ("## Analiza ryzyka", "risks"),
            ("### Kryteria akceptacji", "acceptance-criteria"),
            ("## Poza zakresem", "out-of-scope"),
            ("## Wymagania niefunkcjonalne", "non-functional"),
            ("## 1. Opis problemu", "problem"),
            ("## Grupa docelowa", "audience"),
            ("## Metryki sukcesu", "metrics"),
            ("## 4. Wymagania funkcjonalne", "requirements"),
        ),
        not_headings=(
            ("## Zarządzanie użytkownikami", "audience"),
            ("## Poza zakresem", "goals"),
        ),
        risk_header="| Ryzyko | Prawdopodobieństwo | Wpływ | Działania zapobiegawcze |",
        risk_roles=RISK_ROLES,
        ratings=("Wysokie", "średnie", "Niskie", "bardzo wysokie", "krytyczny"),
        menu="Wysokie/Średnie/Niskie",
        titles=(
            ("# Plan testów sklepu internetowego", "test-strategy"),
            ("# Specyfikacja wymagań: sklep internetowy", "prd"),
        ),
        prd=("Opis problemu", "Wymagania funkcjonalne", "Metryki sukcesu", "Ryzyka"),
        backlog=("## Historyjki użytkownika\n\n- Jako użytkownik chcę zresetować hasło, aby się zalogować.\n",
                 "  - Kryteria akceptacji: link jest ważny 30 minut\n"),
        coverage=("## Strategia testów\n\n- Pokrycie kodu co najmniej 80%\n",
                  "## Testowanie\n\n- Pokrycie testami nie mniej niż 80%\n"),
        vague_coverage="## Strategia testów\n\n- Wysokie pokrycie kodu\n",
        template=("Szablon:", "Jako [rola] chcę [akcja], aby [korzyść]."),
        test_strategy=("Zakres testów", "Kryteria wejścia i wyjścia"),
    ),
    "tr": Language(
        stories=(
            "Bir kullanıcı olarak, şifremi sıfırlamak istiyorum, böylece tekrar giriş yapabilirim.",
            "Yönetici olarak kullanıcı hesaplarını engelleyebilmeliyim.",
            "Bir müşteri olarak faturamı e-posta ile almak isterim.",
        ),
        not_stories=(
            "Sonuç olarak, bu özelliği ertelemek istiyorum.",
            "Genel olarak sistem hızlı çalışmalı.",
            "Varsayılan olarak dil Türkçe seçilir.",
        ),
        headings=(
            ("## 7. Riskler ve Azaltma", "risks"),
            ("## Risk Analizi", "risks"),
            ("### Kabul Kriterleri", "acceptance-criteria"),
            ("## Kapsam Dışı", "out-of-scope"),
            ("## Fonksiyonel Olmayan Gereksinimler", "non-functional"),
            ("## 1. Problem Tanımı", "problem"),
            ("## Hedef Kitle", "audience"),
            ("## Başarı Metrikleri", "metrics"),
            ("## 4. Fonksiyonel Gereksinimler", "requirements"),
        ),
        not_headings=(
            ("## Kullanıcı Yönetimi", "audience"),
            ("## Kapsam Dışı", "goals"),
        ),
        risk_header="| Risk | Olasılık | Etki | Azaltma |",
        risk_roles=RISK_ROLES,
        ratings=("Yüksek", "orta", "Düşük", "çok yüksek", "kritik"),
        menu="Yüksek/Orta/Düşük",
        titles=(
            ("# E-ticaret Test Planı", "test-strategy"),
            ("# Ürün Gereksinimleri: E-ticaret", "prd"),
        ),
        prd=("Problem Tanımı", "Fonksiyonel Gereksinimler", "Başarı Metrikleri", "Riskler"),
        backlog=("## Kullanıcı Hikayeleri\n\n- Bir kullanıcı olarak, şifremi sıfırlamak istiyorum.\n",
                 "  - Kabul Kriterleri: bağlantı 30 dakika geçerlidir\n"),
        coverage=("## Test Stratejisi\n\n- Kod kapsamı en az 80%\n",
                  "## Test\n\n- Test kapsamı: 85%\n"),
        vague_coverage="## Test Stratejisi\n\n- Yüksek kod kapsamı\n",
        template=("Şablon:", "Bir [rol] olarak, [eylem] istiyorum, böylece [fayda]."),
        test_strategy=("Test Kapsamı", "Giriş ve Çıkış Kriterleri"),
    ),
    "vi": Language(
        stories=(
            "Là một người dùng, tôi muốn đặt lại mật khẩu để có thể đăng nhập lại.",
            "Là quản trị viên, tôi có thể khóa tài khoản người dùng.",
            "Với vai trò là giáo viên, tôi cần xuất điểm ra CSV.",
            "Tôi là khách hàng, tôi muốn nhận hóa đơn qua email.",
        ),
        not_stories=(
            "Là kết quả của đợt kiểm thử, tôi muốn ghi nhận lỗi.",
            "Lý do là tôi muốn giảm chi phí.",
            "Đây là danh sách tính năng tôi cần.",
        ),
        headings=(
            ("## 7. Rủi ro và Giảm thiểu", "risks"),
            ("## Quản lý rủi ro", "risks"),
            ("### Tiêu chí chấp nhận", "acceptance-criteria"),
            ("## Ngoài phạm vi", "out-of-scope"),
            ("## Yêu cầu phi chức năng", "non-functional"),
            ("## 1. Mô tả vấn đề", "problem"),
            ("## Đối tượng người dùng", "audience"),
            ("## Chỉ số thành công", "metrics"),
            ("## 4. Yêu cầu chức năng", "requirements"),
        ),
        not_headings=(
            ("## Quản lý tài khoản", "audience"),
            ("## Ngoài phạm vi", "goals"),
        ),
        risk_header="| Rủi ro | Xác suất | Tác động | Biện pháp giảm thiểu |",
        risk_roles=RISK_ROLES,
        ratings=("Cao", "trung bình", "Thấp", "rất cao", "nghiêm trọng"),
        menu="Cao/Trung bình/Thấp",
        titles=(
            ("# Kế hoạch kiểm thử ứng dụng bán hàng", "test-strategy"),
            ("# Tài liệu yêu cầu sản phẩm: ứng dụng bán hàng", "prd"),
        ),
        prd=("Mô tả vấn đề", "Yêu cầu chức năng", "Chỉ số thành công", "Rủi ro"),
        backlog=("## Câu chuyện người dùng\n\n- Là một người dùng, tôi muốn đặt lại mật khẩu để đăng nhập lại.\n",
                 "  - Tiêu chí chấp nhận: liên kết có hiệu lực trong 30 phút\n"),
        coverage=("## Chiến lược kiểm thử\n\n- Độ phủ mã tối thiểu 80%\n",
                  "## Kiểm thử\n\n- Độ phủ kiểm thử không dưới 80%\n"),
        template=("Mẫu:", "Là một [vai trò], tôi muốn [hành động] để [lợi ích]."),
        test_strategy=("Phạm vi kiểm thử", "Tiêu chí đầu vào và đầu ra"),
    ),
    "ja": Language(
        stories=(
            "ユーザーとして、S3 にアップロードした書き起こしを自動的に処理したい。これにより手動操作は不要になる。",
            "初回ユーザーとして、メール認証後に組織スペースを作成したい。なぜなら、ナレッジを安全に管理したいから。",
            "管理者として、ユーザーの権限を一括で変更できる機能が欲しい、なぜなら作業時間を減らせるからだ",
            "私は店舗スタッフとして、在庫の少ない商品を一覧で確認したいです。",
        ),
        not_stories=(
            "ユーザーとして、3つのうち2つを入力する必要があります。",
            "管理者ユーザーとして、複製したいテーブルがあるインスタンスにパブリケーションを作成します。",
            "結果として、ユーザーは処理を中断したい。",
            "原則として、管理者は毎日ログを確認したい。",
        ),
        headings=(
            ("## 背景と課題", "problem"),
            ("## 成功指標(KPI)", "metrics"),
            ("## 非機能要件", "non-functional"),
            ("#### 受け入れ基準", "acceptance-criteria"),
            ("## スコープ外", "out-of-scope"),
            ("## リスクと対策", "risks"),
            ("## テスト方針", "test-approach"),
        ),
        not_headings=(
            ("## 既知の問題", "problem"),
            ("## 開発環境のセットアップ", "testing"),
        ),
        risk_header="| リスク | 影響 | 確率 | 対策 |",
        risk_roles=("risk", "impact", "probability", "mitigation"),
        ratings=("高", "中", "低", "大", "小"),
        menu="高/中/低",
        titles=(
            ("# 要件定義書：勤怠管理システム", "prd"),
            ("# テスト計画書 — 決済モジュール", "test-strategy"),
        ),
        prd=("背景", "機能要件", "成功指標", "リスク"),
        backlog=("## ユーザーストーリー\n\n**ユーザーストーリー:** ユーザーとして、議事録を自動生成したい。\n",
                 "\n#### 受け入れ基準\n\n1. 議事録が5分以内に生成される\n"),
        coverage=("## テスト方針\n\n- カバレッジ: 最低70%を目標\n", "## テスト戦略\n\n- コードカバレッジ 80% 以上\n"),
        template=("テンプレート：", "[役割]として、[機能]したい。"),
        test_strategy=("テスト範囲", "開始条件・終了条件"),
    ),
    "zh": Language(
        stories=(
            "作为用户，我希望能够导出我的账单，以便进行报销。",
            "作为一名普通管理员，我想要批量禁用账号。",
            "身為使用者，我希望可以收到到期提醒。",
            "作為店長，我需要每日的銷售報表，這樣才能調整庫存。",
            "作为访客，希望无需注册即可浏览商品。",
        ),
        not_stories=(
            "作为参考，我们希望大家先阅读架构文档。",
            "作为一个整体，系统需要稳定运行。",
            "作为后端服务，它需要处理所有请求。",
            "作为团队，我们希望按时交付。",
        ),
        headings=(
            ("### 项目背景", "problem"),
            ("## 📊 验收标准", "acceptance-criteria"),
            ("## 📋 非功能性需求", "non-functional"),
            ("### 风险控制", "risks"),
            ("## 📈 成功指标", "metrics"),
            ("## 非目标", "out-of-scope"),
            ("## 六、風險評估", "risks"),
            ("### 驗收標準", "acceptance-criteria"),
        ),
        not_headings=(
            ("## 常见问题", "problem"),
            ("## 验证码登录", "testing"),
            ("## 测试用例", "user-stories"),
            ("## 市场准入策略", "entry-exit"),
        ),
        risk_header="| 风险 | 概率 | 影响 | 缓解措施 |",
        risk_roles=RISK_ROLES,
        ratings=("高", "中", "低", "极高", "严重"),
        menu="高/中/低",
        titles=(
            ("# 测试计划：订单系统", "test-strategy"),
            ("# 產品需求文件：會員系統", "prd"),
            ("# 基速基金量化分析平台 - 架构重构PRD", "prd"),
        ),
        prd=("项目背景", "功能需求", "成功指标", "风险与应对"),
        backlog=("## 用户故事\n\n**用户故事：** 作为用户，我希望能够导出账单，以便报销。\n",
                 "\n**验收标准：** 导出文件为 CSV 格式\n"),
        coverage=("## 测试策略\n\n- 代码覆盖率不低于80%\n", "## 测试计划\n\n- 单元测试覆盖率 ≥ 80%\n"),
        template=("模板：", "作为[角色]，我希望[功能]，以便[价值]。"),
        test_strategy=("测试范围", "准入准出标准"),
    ),
    "ko": Language(
        stories=(
            "사용자로서, 랭킹 페이지에서 오늘 실제로 인기 있는 상품을 보고 싶다.",
            "관리자로서 회원을 일괄 삭제할 수 있어야 한다.",
            "학생으로서, 나는 과제 마감일 알림을 받기를 원한다.",
            "나는 판매자로서 정산 내역을 확인하고 싶습니다.",
        ),
        not_stories=(
            "작업 역할에 대한 편집 권한이 있는 표준 사용자로서 작업 역할을 만들고 삭제할 수 있습니다.",
            "금고는 직원의 업무 중 불법행위에 대해 사용자로서 책임을 질 수 있습니다.",
            "이 단원에서는 비즈니스 사용자로서, 데이터 캡처를 위한 양식을 작성합니다.",
            "결과로서, 사용자는 다시 로그인하고 싶다.",
        ),
        headings=(
            ("## 1. 배경 및 문제 정의", "problem"),
            ("## 6. 비기능 요구사항", "non-functional"),
            ("## 7. 제외 범위", "out-of-scope"),
            ("### 인수 조건", "acceptance-criteria"),
            ("## 리스크 및 대응 방안", "risks"),
            ("## 성공 지표", "metrics"),
        ),
        not_headings=(
            ("## 미해결 문제", "problem"),
            ("## 입력값 검증", "testing"),
        ),
        risk_header="| 리스크 | 발생 가능성 | 영향도 | 대응 방안 |",
        risk_roles=RISK_ROLES,
        ratings=("높음", "중간", "낮음", "상", "하"),
        menu="높음/중간/낮음",
        titles=(
            ("# 서비스 기획서: 커피 주문 앱", "prd"),
            ("# 테스트 계획서 - 결제 모듈", "test-strategy"),
        ),
        prd=("배경", "기능 요구사항", "성공 지표", "리스크"),
        backlog=("## 사용자 스토리\n\n- 사용자로서, 랭킹 페이지에서 인기 상품을 보고 싶다.\n",
                 "  - 인수 조건: 24시간 이내 구매 기준으로 정렬된다\n"),
        coverage=("## 테스트 전략\n\n- 코드 커버리지 80% 이상\n", "## 테스트 계획\n\n- 테스트 커버리지: 80% 이상\n"),
        vague_coverage="## 테스트 전략\n\n- 높은 커버리지\n",
        template=("템플릿:", "[역할]로서, [기능]을 하고 싶다."),
        test_strategy=("테스트 범위", "진입 및 종료 기준"),
    ),
}

CODES = sorted(LANGUAGES)
CJK_CODES = ("ja", "ko", "zh")


def _is_story(text: str) -> bool:
    return any(pattern.match(text) for pattern in lexicon().story_patterns())


def _heading_title(markdown: str) -> str:
    heading = next(Document.parse(markdown + "\n").headings())
    return heading.title


def _column_roles(header_row: str) -> list[str | None]:
    columns = [Phrases(lexicon().risk_columns[role]) for role in RISK_ROLES]
    separator = "|" + "---|" * (header_row.count("|") - 1)
    table = next(b for b in Document.parse(f"{header_row}\n{separator}\n").walk() if isinstance(b, Table))
    roles: list[str | None] = []
    for header in table.columns:
        matching = [role for role, names in zip(RISK_ROLES, columns, strict=True) if names.is_header(header)]
        assert len(matching) <= 1, f"{header!r} is a column of several roles: {matching}"
        roles.append(matching[0] if matching else None)
    return roles


def test_every_built_in_language_has_cases_here() -> None:
    assert set(builtin_languages()) - {"en"} == set(LANGUAGES)
    assert builtin_languages()[0] == "en"  # messages quote a role's first names: English ones


@pytest.mark.parametrize("code", CODES)
def test_the_language_file_has_every_part_english_has(code: str) -> None:
    path = next(p for p in builtin_pack_paths() if p.parent.name == "languages" and p.stem == code)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert pack_errors(data) == []
    assert data["pack"] == code
    english = builtin_pack("languages/en")["vocabulary"]
    vocabulary = data["vocabulary"]
    # English ratings are in kinds/_defaults.yaml, its vague terms in measurability.yaml
    assert set(vocabulary) == set(english) | {"risk-scales", "vague-terms"}
    for key in ("sections", "risk-columns", "gherkin", "coverage"):
        assert set(vocabulary[key]) == set(english[key]), key
    # "strategy" is prdlint's own English brief (a "tailored strategy"); the others name real documents.
    assert set(vocabulary["kinds"]) == set(english["kinds"]) - {"strategy"}
    assert all(names for names in vocabulary["sections"].values())
    assert vocabulary["stories"] and vocabulary["risk-scales"] and vocabulary["criteria-labels"]


@pytest.mark.parametrize("code", CODES)
def test_stories_are_recognised(code: str) -> None:
    missed = [text for text in LANGUAGES[code].stories if not _is_story(text)]
    assert missed == []
    own = [re.compile(p, re.IGNORECASE) for p in builtin_pack(f"languages/{code}")["vocabulary"]["stories"]]
    assert all(any(p.match(text) for p in own) for text in LANGUAGES[code].stories)


@pytest.mark.parametrize("code", CODES)
def test_near_misses_are_not_stories(code: str) -> None:
    assert [text for text in LANGUAGES[code].not_stories if _is_story(text)] == []


@pytest.mark.parametrize("code", CJK_CODES)
def test_cjk_story_patterns_rely_on_no_word_boundary(code: str) -> None:
    for pattern in builtin_pack(f"languages/{code}")["vocabulary"]["stories"]:
        assert "\\b" not in pattern


@pytest.mark.parametrize("code", CODES)
def test_headings_have_their_role(code: str) -> None:
    for markdown, role in LANGUAGES[code].headings:
        title = _heading_title(markdown)
        assert Phrases(lexicon().sections[role]).in_title(title), (markdown, role)


@pytest.mark.parametrize("code", CODES)
def test_near_miss_headings_lack_the_role(code: str) -> None:
    for markdown, role in LANGUAGES[code].not_headings:
        title = _heading_title(markdown)
        assert Phrases(lexicon().sections[role]).find(title) is None, (markdown, role)


@pytest.mark.parametrize("code", CODES)
def test_risk_table_columns_have_their_roles(code: str) -> None:
    language = LANGUAGES[code]
    assert _column_roles(language.risk_header) == list(language.risk_roles)


@pytest.mark.parametrize("code", CODES)
def test_risk_ratings_are_on_a_scale_and_a_template_menu_is_not(code: str) -> None:
    risks = expectations("prd").risks
    language = LANGUAGES[code]
    assert {value: rating_problem(value, risks) for value in language.ratings} == dict.fromkeys(language.ratings)
    assert rating_problem(language.menu, risks) == "alternatives"


@pytest.mark.parametrize("code", CODES)
def test_titles_name_the_kind(code: str) -> None:
    for title, kind in LANGUAGES[code].titles:
        document = Document.parse(f"{title}\n\nEin Absatz.\n")
        assert detect_kind(document)[0] == kind, title


def _risk_table(language: Language, without: str = "") -> str:
    """The language's risk table with one row, leaving out the column of one role if asked."""
    names = [name.strip() for name in language.risk_header.strip().strip("|").split("|")]
    values = {"risk": "R1", "probability": language.ratings[0], "impact": language.ratings[1], "mitigation": "M1"}
    kept = [(name, role) for name, role in zip(names, language.risk_roles, strict=True) if role != without]
    header = "| " + " | ".join(name for name, _ in kept) + " |"
    row = "| " + " | ".join(values[role] for _, role in kept) + " |"
    return f"{header}\n|{'---|' * len(kept)}\n{row}\n"


def _small_prd(language: Language, risk_table: str) -> str:
    problem, requirements, metrics, risks = language.prd
    return (
        f"{language.titles[0][0]}\n\n## {problem}\n\nText.\n\n## {requirements}\n\n- FR-1\n\n"
        f"## {metrics}\n\n- 80 %\n\n## {risks}\n\n{risk_table}"
    )


@pytest.mark.parametrize("code", CODES)
def test_a_small_prd_in_the_language_has_its_sections_and_risk_table(code: str) -> None:
    language = LANGUAGES[code]
    text = _small_prd(language, _risk_table(language))
    found = lint(text, profile="prd", select=["PRD401", "PRD402", "PRD403", "PRD404", "PRD501"])
    assert [(f.code, f.message) for f in found] == []
    without_probability = _small_prd(language, _risk_table(language, without="probability"))
    found = lint(without_probability, profile="prd", select=["PRD401", "PRD402"])
    assert [f.code for f in found] == ["PRD402"]


@pytest.mark.parametrize("code", CODES)
def test_a_test_plan_in_the_language_has_the_sections_a_test_strategy_needs(code: str) -> None:
    scope, entry_exit = LANGUAGES[code].test_strategy
    title = next(title for title, kind in LANGUAGES[code].titles if kind == "test-strategy")
    text = f"{title}\n\n## {scope}\n\nText.\n\n## {entry_exit}\n\nText.\n"
    assert detect_kind(Document.parse(text))[0] == "test-strategy"
    assert lint(text, profile="test-strategy", select=["PRD501"]) == []
    assert [f.code for f in lint(f"{title}\n\n## {scope}\n\nText.\n", profile="test-strategy",
                                 select=["PRD501"])] == ["PRD501"]


@pytest.mark.parametrize("code", CODES)
def test_a_story_needs_criteria_and_has_them_under_the_language_s_label(code: str) -> None:
    story, criteria = LANGUAGES[code].backlog
    select = ["PRD201", "PRD202"]
    assert [f.code for f in lint(f"# Backlog\n\n{story}", profile="backlog", select=select)] == ["PRD201"]
    assert lint(f"# Backlog\n\n{story}{criteria}", profile="backlog", select=select) == []


@pytest.mark.parametrize("code", CODES)
def test_coverage_targets_are_read_in_the_language(code: str) -> None:
    language = LANGUAGES[code]
    for section in language.coverage:
        assert lint(f"# Plan\n\n{section}", profile="test-strategy", select=["PRD301"]) == [], section
    if language.vague_coverage:
        found = lint(f"# Plan\n\n{language.vague_coverage}", profile="test-strategy", select=["PRD301", "PRD302"])
        assert sorted(f.code for f in found) == ["PRD301", "PRD302"]


@pytest.mark.parametrize("code", CODES)
def test_a_story_template_after_an_example_label_is_shown_not_a_story(code: str) -> None:
    label, template = LANGUAGES[code].template
    select = ["PRD101", "PRD102", "PRD103", "PRD201"]
    bare = lint(f"# Backlog\n\n## Stories\n\n{template}\n", profile="backlog", select=select)
    assert "PRD201" in {f.code for f in bare}
    assert lint(f"# Backlog\n\n## Stories\n\n**{label}** {template}\n", profile="backlog", select=select) == []


ADVERSARIAL = (
    "Als " + "x " * 5000,
    "Als Nutzer " + "möchte " * 3000,
    ("Als Nutzer " + "x" * 190 + "\n") * 200,
    "ich als " * 3000,
    "En tant que " + "x " * 5000,
    "Como " + "usuario, " * 3000,
    ("Como usuario, " + "a" * 190 + "\n") * 100,
    "Come " + "x " * 5000,
    "In qualità di " * 2000,
    "Sebagai " + "pengguna " * 3000,
    "ユーザー" + "として" * 3000,
    ("あ" * 39 + "として、") * 500,
    "作为" + "用户" * 5000,
    "作为用户" + ("，" * 199 + "\n") * 100,
    "사용자로서 " + "가 " * 5000,
    ("가" * 39 + "로서 ") * 500,
    "as a " + "x " * 5000,
    " " * 10000,
    "\n" * 10000,
)


def test_every_story_pattern_stays_linear_on_adversarial_text() -> None:
    """A correctness guard against catastrophic backtracking, not a speed benchmark."""
    slow = []
    for pattern in lexicon().story_patterns():
        for text in ADVERSARIAL:
            start = time.perf_counter()
            pattern.match(text)
            elapsed = time.perf_counter() - start
            if elapsed > 0.2:
                slow.append((pattern.pattern[:40], text[:20], round(elapsed, 3)))
    assert slow == []


ENGLISH_HEADINGS = (
    "Problem Statement", "Background & Motivation", "Goals and Non-Goals", "Out of Scope", "Target Users",
    "Core Features", "Functional Requirements", "Non-Functional Requirements", "User Stories",
    "Acceptance Criteria", "Testing Strategy", "Risks & Mitigations", "Success Metrics", "KPIs",
    "Definition of Done", "Performance", "Test Environment", "Entry and Exit Criteria", "Timeline",
    "Milestones", "Open Questions", "Dependencies", "Assumptions", "Meta tags", "Target platform",
    "Architecture", "Data Model", "API Design", "Rollout Plan", "Appendix", "Glossary", "References",
    "Implementation Notes", "Security Considerations", "Alternatives Considered", "Solution",
    "Come back later", "Como Park integration", "ICP and pricing", "Solid state storage", "Release Plan",
)


def test_english_headings_keep_exactly_their_english_roles() -> None:
    """No phrase of another language gives an English heading a role English does not."""
    english = builtin_pack("languages/en")["vocabulary"]["sections"]
    merged = lexicon().sections
    for heading in ENGLISH_HEADINGS:
        alone = {role for role, names in english.items() if Phrases(names).in_title(heading)}
        together = {role for role, names in merged.items() if Phrases(names).in_title(heading)}
        assert together == alone, heading


ENGLISH_NON_STORIES = (
    "Come back to this section once the API is final; I want to revisit it.",
    "Sebastian as owner wants the report weekly.",
    "Also I want to note that the export is slow.",
)


def test_english_prose_is_no_story_of_another_language() -> None:
    assert [text for text in ENGLISH_NON_STORIES if _is_story(text)] == []
