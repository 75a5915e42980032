"""Hand-written word lists behind every suggestion of the decomposer.

Entries are written compactly, one string per category and language:

    term          a lemma (Dutch infinitive, English base form, singular noun); weight 2
    term:1        a weaker signal (usually an object noun); weight 1
    term@3        the word also hints at a complexity level (taxonomy.md, 1-5)
    =term         exact match only (no Dutch compound-head match: "post" is not "kompost")
    front_desk    a multi-word phrase, matched on the text with word boundaries

Dutch matching also accepts a compound whose head is the term ("verzendlabel" -> "label",
"vaatwasmachine" -> "machine" is not listed, "klaslokaal" -> "lokaal") and separable verbs
("je pakt de dozen in" -> "inpakken"); see classify.py. The lists are deliberately plain so a
coach can read why a task got its category.
"""

from __future__ import annotations

from dataclasses import dataclass

CATEGORIES = (
    "packaging",
    "assembly",
    "cleaning",
    "green",
    "catering",
    "logistics",
    "admin",
    "laundry",
    "textile",
    "recycling",
    "reception",
    "maintenance",
    "transport",
    "digital",
    "other",
)

# Typical level of a category's work when no word in the text says otherwise.
DEFAULT_LEVEL = {
    "packaging": 2,
    "assembly": 2,
    "cleaning": 2,
    "green": 2,
    "catering": 2,
    "logistics": 2,
    "admin": 2,
    "laundry": 2,
    "textile": 3,
    "recycling": 2,
    "reception": 3,
    "maintenance": 3,
    "transport": 2,
    "digital": 3,
    "other": 3,
}

_RAW: dict[str, dict[str, str]] = {
    "packaging": {
        "nl": """inpakken verpakken ompakken herverpakken pakje:2 klaarmaken:2 afwegen:2 folder:2
            plooimachine:2@3 aftellen:2@1 schikken:2@1 omdoos:2 lint:1 sluiten:1
            houdbaarheidsdatum:2 etiketteren@1 etiket:1@1
            label:1 labelen@1 stickeren@1 sticker:1@1 kleven@1 plakken@1 vouwen@1
            krimpfolie:2 folie:1 seal sealen sealeren seal dichtplakken@1 kitting kit:1 doos:1
            karton:1 verzendklaar pakket:1 verpakking:1 blister zakje:1 vacuüm:1 vullen:1
            afvullen bundelen wikkelen@1 inzakken typeplaatje:1@1 prijsetiket:2@1
            prijskaartje:2@1 kleefetiket:2@1 prijzen_kleven:2@1 display:1 geschenkverpakking:2
            promopakket:1 mailingpakket:1 prijzen:2@1 kapstok:2
            lint:2 bubbelfolie:2@1 omdoos:2@1 stempelen:1@1""",
        "en": """pack repack package:1 packaging label@1 labelling@1 labeling@1
            sticker@1 stick@1 fold@1 box:1 carton:1 shrink_wrap:3 shrink-wrap:3 wrap
            kitting kit:1 seal bag:1 parcel:1 blister bundle price_label:3@1 price_tag:3@1
            gift_wrap:3 tape:1
            kit:1@1 kits:1@1""",
    },
    "assembly": {
        "nl": """assembleren monteren inbouwen@3 samenstellen inelkaar_zetten:3 vastschroeven
            schroeven schroef:1 onderdeel:1 kabelboom:3@3 bekabelen@3 draad:1 strippen@1
            solderen@3 din-rail:2 rail:1 productielijn:2 lijn:1 kabel:1 klemmen:1 component:1
            montagelijn:2 assemblage
            montage seriewerk:2 subassemblage:2 knippen:1 printplaat:2 connector:1 stekker:1
            werkinstructie:1@2 bevestigen:1 testbank:3""",
        "en": """assemble assembly mount screw test_bench:3 housing:1 production_line:2 part:1
            component:1
            wire:1 wiring:2 harness:2@3
            wiring_harness:3@3 solder@3 strip:1 crimp connector:1 subassembly cable:1 bolt:1
            fasten:1 build:1 kit_out:1 circuit_board:2
            test_bench:3@3""",
    },
    "cleaning": {
        "nl": """poetsen kuisen kuis schoonmaken reinigen dweilen vegen stofzuigen afstoffen
            ontstoffen stof:1 sanitair:2 sanitaire:2 toilet:1 wc:1 lavabo:1 ruit:1 raam:1
            ramen:1 vuilbak:2 vuilniszak:1 afval:1 ledigen:1@1 opruimen:3 ontsmetten desinfecteren
            onderhoud_van_de_kantoren:3 schoonmaak schoonmaakplan:2@2 poetsplan:2@2
            carwash auto_wassen:3 wagen_wassen:3 zeemen afwassen:1 vegen@1 aanrecht:1 vloer:1
            keuken_dweilen:3 zaal:1 refter:1 kantoor:1 klaslokaal:1 lokaal:1 kamer_opmaken:3
            bed_opmaken:3 afval_buitenzetten:3 proper:1 schoon:1 netjes:3 grofvuil:2 opbedden:3
            bed:1 toiletpapier:2 zeep:2
            werkpost:1@1 werkplaats:1 industriële_reiniging:3
            hogedrukreiniger:2 behuizing:1 afruimen:1
            toiletpapier:2@1 zeep:2@1 grofvuil:2@1""",
        "en": """clean cleaning mop sweep vacuum dust wipe@1 protocol:1@3 scrub sanitise
            sanitize disinfect
            toilet:1 restroom:1 bathroom:1 washroom:1 window:1 bin:1 empty_the_bins:3
            rubbish:1 trash:1 floor:1 shop_floor:1 tidy:1 tidy_up:2 car_wash:3 wash_cars:3
            housekeeping make_the_beds:3 kitchen:1 office:1 polish workstation:1@1
            keep_clean:3
            empty:1@1 refill:1@1 bin_bag:2@1 bin_bags:2@1 table:1@1""",
    },
    "green": {
        "nl": """maaien gras:1 grasperk:2 gazon:2 snoeien@3 haag:2 hagen:2 wieden@1 onkruid:2
            schoffelen@1 harken bladeren:1 blad:1 zwerfvuil:2@1 prikken:1@1 planten:1 aanplanten
            beplanting:2 groenonderhoud:3 bladeren_blazen:3 blazen:1 tuin:1 border:1 struik:1
            boom:1 bloembak:2
            water_geven:3 besproeien bladblazer:2 compost:1 groendienst:1 bosmaaier:2
            zitmaaier:2 grasmaaier:2 kerkhof:1 begraafplaats:1 perk:1 onderhoud_van_tuinen:3
            park:1 bermen:1 graf:1
            bladeren:1@1 blad:1@1""",
        "en": """mow mowing lawn:2 grass:1 prune@3 pruning@3 hedge:2 weed weeding rake leaf:1
            leaves:1 litter:2@1 litter_picking:3@1 pick_up_litter:4@1 rake@1 weed@1 plant:1
            planting garden:1 gardening
            grounds:1 shrub:1 tree:1 flower:1 flowerbed:2 water_the_plants:3 compost:1
            mower:2 green_space:2""",
    },
    "catering": {
        "nl": """koken kok:1 bereiden snijden:1 schillen@1 wassen:1 groente:2 fruit:1
            broodje:2 beleggen soep:2 maaltijd:2 keuken:1 vaat:2 afwas:2 vaatwas:2
            vaatwasmachine:2 vaatwasser:2 serveren opdienen bedienen:1 tafel:1 dekken:1
            tafels_dekken:3 buffet:2 ontbijt:2 ontbijtbuffet:2 lunch:1 koffie:2 bakken
            afbakken brood:1 gebak:2 taart:2 garneren deeg:2 receptfiche:2@2 recept:1
            maaltijden:2 saladbar:2 salade:2 cafetaria:2 bar:1 drank:1 frituur:2 sandwich:2
            mise-en-place:2 catering traiteur:1 bord:1 glas:1 koelcel:1 koelkast:2
            temperatuur:1 menu:2 afwassen:3
            servet:3""",
        "en": """cook cooking chef:1 prepare:1 chop peel slice food:2 meal:2 vegetable:2
            sandwich:2 soup:2 dishwasher:2 dishwashing:2 dishes:2 wash_up:3 serve serving
            table:1 set_the_tables:3 lay_the_tables:3 buffet:2 breakfast:2 lunch:1 coffee:2
            bake bake_off:3 bread:2 pastry:2 pastries:2 cake:2 salad:2 kitchen:1 canteen:2
            catering recipe:1@2 cafeteria:2 drinks:1 garnish fridge:2 dishwasher:2@1 servet:2
            temperature:1 menu:2""",
    },
    "logistics": {
        "nl": """orderpicking:3@2 orderpicken:3@2 picken@2 uitpakken:2 vervaldata:2 order:1
            bestelling:1 verzamelen:1
            magazijn:2 stock:1 voorraad:2 voorraadbeheer:2@3 inventaris:2 inventarisatie:2
            =tellen:1 rek:1 rekken:1 rayon:1 aanvullen bijvullen vullen:1 winkelrek:1
            palet:2 pallet:2 heftruck:2@3 transpallet:2 reachtruck:2@3 lossen laden:1
            leveringen_ontvangen:3 levering:1 ontvangen:1 goederenontvangst:3 retour:2
            retouren:2 retourverwerking:3 stockeren opslaan:1 bevoorraden bevoorrading:2
            wegzetten:2 stockbeheer:2@3
            scanner:1@2 handscanner:1@2 sorteren:1 locatie:1 leverancier:1 vervaldatum:2
            leveringsbon:2 pakbon:2 verzending:1 zending:1 expeditie:2 magazijnbeheersysteem:2
            picklijst:2@2 koelcel:1 koopwaar:1 goederen:1 inslaan""",
        "en": """pick@2 picking@2 order_picking:3@2 unpack:2 distributor:1 order:1
            warehouse:2 stock stocking:2 shelf:2
            shelves:2 restock replenish inventory:2 count:1 pallet:2 forklift:2@3 reach_truck:2@3
            unload load:1 delivery:1 goods:1 incoming_goods:3 put_away:3 receive:1 returns:2
            return store:1 scanner:1@2 scan:1 location:1 expiry:2 delivery_note:2 dispatch:1
            shipment:1 rotate:1 voice-picking:2@2 voice_picking:3@2 stock_count:3""",
    },
    "admin": {
        "nl": """scannen inscannen digitaliseren:1 archiveren archief:2 klasseren klassen
            =post:2 poststuk:2 briefwisseling:2 brief:1 envelop:2@1 mailing:2
            invoeren ingeven encoderen data:1 gegevens:1 spreadsheet:2 excel:2 factuur:2
            bestelbon:2 dossier:2 document:1 kopiëren@1 kopie:1@1 printen:1 afdrukken:1 opbergen:1
            administratie:2 administratief:2 agenda:1 adresbestand:2 bestand:1 klantenbestand:2
            tijdsregistratie:2 prestatie:1 kantoorbenodigdheden:2@3 kantoormateriaal:2@3
            bestellen:1@3 betaling:2 wanbetaler:2@4 lidgeld:2 herinnering:2 adreswijziging:2
            mail_merge:3@3 aanmaning:2@4 debiteurenbeheer:2@4
            boekhouding:2@4 boekhouden:2@4 offerte:1@4 loonadministratie:2@4
            nummeren:1 stempelen@1 frankeren@1 registreren:2 registratie:1 formulier:1
            betaling:2@4 lidgeld:2@4 herinnering:2@3 enveloppe:2@1""",
        "en": """scan scanning archive archiving file:1 filing:2 mail:2 post:1 letter:1
            envelope:2 mailing:2 data_entry:3 enter:1 type:1 spreadsheet:2 excel:2 invoice:2
            timesheet:2 record:1 records:1 copy:1@1 photocopy@1 print:1 original:1 paper:1
            staple:1@1 document:1 paperwork:2
            administration:2 administrative:2 office_supplies:3@3 order_supplies:3@3
            bookkeeping:2@4 accounts:1@4 payroll:2@4 stamp@1 form:1 folder:1 binder:1
            incoming_post:3 incoming_mail:3""",
    },
    "laundry": {
        "nl": """wasserij:3 strijken strijk:2 was:1 wassen:1 wasmachine:2 droogkast:2 drogen
            linnen:3 lakens:2 laken:2 handdoek:2 beddengoed:2 kledij:1 kleding:1 werkkledij:1
            plooien@1 opvouwen@1 wasetiket:2 vlekken:1 mangelen mangel:2 schort:1
            wasgoed:3 wasbeurt:2""",
        "en": """laundry:3 launder iron ironing wash:1 washing_machine:2 dryer:2 dry:1 linen:3
            sheets:2 towel:2 towels:2 clothes:1 garment:1 fold:1@1 folding:1@1 press:1
            uniform:1 workwear:1""",
    },
    "textile": {
        "nl": """naaien naaiwerk:2 naaimachine:2 herstellen:1 zoom:2 zomen knoop:2 aannaaien
            stof:1 textiel:2 kledingstuk:1 stoffering:2@3 stofferen@3 borduren@3 borduurwerk:2
            borduurmachine:2@3 patroon:1 snit:1 op_maat_knippen:3 snijplan:2 bekleden@4 hoes:2
            verstellen:2 retoucheren:2 ritssluiting:2
            rits:2 lap:1 confectie:2 werkkledij:1 polo:1 jas:1 broek:1 gordijn:2 kussen:1
            naaiherstelling:3 uniform:1 knoop:2@2 op_maat_knippen:3@2""",
        "en": """sew sewing sewing_machine:3 hem:2 mend alter alteration:2 button:1 zip:1
            zipper:2 textile:2 fabric:2 garment:1 repair_clothes:3 repair_garments:3
            upholster@3 upholstery:2@3 embroider@3 embroidery:2@3 stitch curtain:2""",
    },
    "recycling": {
        "nl": """demonteren:2 ontmantelen:3 uit_elkaar_halen:3 recycleren recyclage:3
            inzamelen:2 ingezameld:2 persen:2 baal:1 balenpers:3
            container:1 plat_maken:3@1 platmaken:3@1
            recycling:3 afvalstroom:3 materiaalstroom:3 fractie:2 sorteren:1 scheiden:1
            elektrisch_afval:3 elektronica:2 toestel:1 laptop:1 smartphone:1 computer:1
            herbruikbaar:2 hergebruik:2 refurbishen:3 opknappen:2 tweedehands:2 leeggoed:3@1 afval:1
            fles:1 flessen:1 karton:1 pmd:3 glas:1 containerpark:3 grondstof:2 metaal:1
            plastic:1 onderdeel:1
            sorteren:1@1 scheiden:1@1 demonteren:3""",
        "en": """dismantle:3 disassemble:3 take_apart:3 recycle:3 recycling:3 waste_stream:3
            waste:2 sort:1 separate:1 e-waste:3 electronics:2 device:1 refurbish:3 refurbished:3
            reuse:2 bottle:1 bottles:1 cardboard:1 empties:2 scrap:2 metal:1 plastic:1
            glass:1""",
    },
    "reception": {
        "nl": """onthalen onthaal:3 verwelkomen ontvangen:1 bezoeker:2 gast:2 klant:1 balie:2
            onthaalbalie:3 telefoon:2 beantwoorden:1 doorverbinden:2 receptie:3 inchecken:2
            uitchecken:2 vestiaire:3 bezoekersbadge:2 badge:1 inlichtingen:2 reservatie:2
            reserveren:1 helpen:1 klanten_helpen:3 doorverwijzen:2 wegwijs:2
            vestiaire:3@2""",
        "en": """welcome greet receive:1 visitor:2 visitors:2 guest:2 guests:2 customer:1
            customers:1 front_desk:3 reception:3 receptionist:3 phone:2 telephone:2
            answer:1 calls:1 check_in:3 check-in:3 cloakroom:3 badge:1 booking:2
            reservation:2 help:1 enquiries:2 direct:1
            cloakroom:3@2 meeting_room:3 meeting_rooms:3 book:1""",
    },
    "maintenance": {
        "nl": """herstelling:1@3 herstellen:2@3 defect:2 ontkalken silicone:2 muur:1 plafond:1
            fiets:1 klusje:2 klussen:2 schilderen verven
            technisch_onderhoud:3@4 onderhoud:1 onderhouden:1 kraan:1 lamp:1 lampen_vervangen:3
            vervangen:1 repareren@3 rondgang:2@3 controleronde:2@3 deurklink:2 slot:1
            gereedschap:1 boren:1 ophangen:1 machineonderhoud:3@4 preventief_onderhoud:3@4
            storing:2@4 elektriciteit:1@4 loodgieterij:2@4 sanitaire_herstelling:3
            facilitair:2 gebouw:1 meubilair:1 meubel:1 timmeren plamuren
            lamp:1@2 lampen_vervangen:3@2""",
        "en": """repair@3 repairs:2@3 fix@3 broken:2 report:1 paint painting handyman:3
            maintenance:2
            maintain:1 odd_jobs:3 light_bulb:2 bulb:1 replace:1 facility_rounds:3@3
            facilities:1 machine_maintenance:3@4 preventive_maintenance:3@4 plumbing:2@4
            tool:1 tools:1 drill:1 hang:1 furniture:1 building:1
            facility_round:3 light_bulb:2@2 light_bulbs:2@2 bulb:1@2 bulbs:1@2 report:1@2""",
    },
    "transport": {
        "nl": """leveren:1 levering:1 bezorgen:3 bezorging:2 rondbrengen:3 ronde:1 koerier:3
            bestelwagen:3@3 camionette:3@3 vrachtwagen:2@3 transporteren transport:2
            vervoeren vervoer:2 rijden:2@3 chauffeur:2@3 rit:2 brengen:2 ophalen halen:1
            rolstoel:2 labo:1 patiënt:1
            terugbrengen wegbrengen afleveren intern_transport:3 postkantoor:2 bagage:2
            karretje:1 rolcontainer:1 route:1
            postkantoor:2@1 rolstoel:2@3""",
        "en": """deliver delivery:1 courier:3 van:2@3 truck:2@3 drive:2@3 driver:2@3 transport
            carry:1 bring:2 take:1 collect:1 pick_up:2 drop_off:2 round:1 rounds:1 route:1
            post_office:3 luggage:2 baggage:2 shuttle:2 internal_transport:3
            post_office:3@1""",
    },
    "digital": {
        "nl": """digitaliseren:2 data_labelen:3 labelen_van_data:3 annoteren testen:1 test:1
            software:2 webshop:2 website:2 online:2 online_zetten:3 productfoto:2 foto:1
            beschrijving:1 computer:1 laptop:1 wissen:1 harde_schijf:3 opstarten:1
            gegevens_wissen:3 databank:2 database:2 sociale_media:3 nieuwsbrief:2 ict:2
            digitaal:2 app:1 tablet:1 installeren:1""",
        "en": """digitise digitize:2 data_labelling:3 data_labeling:3 annotate test:1 testing:1
            software:2 web_shop:3 webshop:2 website:2 online:2 upload product_photo:2 photo:1
            description:1 wipe_data:3 hard_drive:2 database:2 social_media:3 newsletter:2
            app:1 install:1 digital:2""",
    },
    "other": {"nl": "", "en": ""},
}

# Words that set the level whatever the category: what the work asks of the person.
_LEVEL_RAW: dict[str, str] = {
    "nl": """eenvoudig@1 repetitief@1 vaste_instructie:@1 volgens_instructie@1 plakken@1
        routine@2 poetsplan@2 schoonmaakplan@2 volgens_plan@2 kwaliteit@2
        zelfstandig@3 controleren@3 nakijken@3 controle@3 opvolgen@3 bijhouden@3 beheren@3
        bedienen@3 inschatten@3 beoordelen@3 checklist@3
        =plannen@4 planning@4 beslissen@3 werkplanning@4 rooster@4 weekrooster@4 dienstrooster@4
        coördineren@4 organiseren@4 vakkennis@4 afstellen@4 programmeren@4 boekhouding@4
        leidinggeven@5 leiding@5 aansturen@5 aanwerven@5 selecteren@5 onderhandelen@5
        strategie@5 beleid@5 budget@5 verantwoordelijke@5 coachen@5 evalueren@5 contracten@5""",
    "en": """simple@1 repetitive@1 fixed_instructions@1 routine@2 cleaning_plan@2
        independently@3 check@3 inspect@3 monitor@3 log@3 keep_track@3 manage_the_stock@3
        operate@3 checklist@3
        plan@4 planning@4 decide@3 schedule@4 scheduling@4 rota@4 roster@4 coordinate@4 organise@4
        organize@4 bookkeeping@4 calibrate@4 program@4
        supervise@5 lead_the_team@5 team_leader@5 manage_the_team@5 hire@5 hiring@5
            recruit@5 negotiate@5
        strategy@5 policy@5 budget@5 appraisal@5 contracts@5""",
}


@dataclass(frozen=True)
class Term:
    text: str  # lemma, or words joined by spaces for a phrase
    category: str | None  # None for a pure level cue
    weight: int
    level: int | None
    exact: bool  # no compound-head matching

    @property
    def is_phrase(self) -> bool:
        return " " in self.text


def _parse_entry(entry: str, category: str | None) -> Term:
    exact = entry.startswith("=")
    entry = entry.lstrip("=")
    level: int | None = None
    if "@" in entry:
        entry, level_text = entry.split("@", 1)
        level = int(level_text)
    weight = 2
    if ":" in entry:
        entry, weight_text = entry.split(":", 1)
        weight = int(weight_text) if weight_text else 0
    return Term(entry.replace("_", " "), category, weight, level, exact)


def _merged(terms: list[Term]) -> list[Term]:
    """One term per (text, category): the strongest weight and any level hint."""
    merged: dict[tuple[str, str | None], Term] = {}
    for term in terms:
        key = (term.text, term.category)
        old = merged.get(key)
        if old is None:
            merged[key] = term
            continue
        merged[key] = Term(
            term.text,
            term.category,
            max(old.weight, term.weight),
            term.level if term.level is not None else old.level,
            old.exact or term.exact,
        )
    return list(merged.values())


def _build() -> tuple[dict[str, list[Term]], dict[str, list[Term]]]:
    categories: dict[str, list[Term]] = {"nl": [], "en": []}
    for category, by_language in _RAW.items():
        for language, entries in by_language.items():
            categories[language].extend(_parse_entry(e, category) for e in entries.split())
    categories = {language: _merged(terms) for language, terms in categories.items()}
    levels = {
        language: [_parse_entry(e, None) for e in entries.split()]
        for language, entries in _LEVEL_RAW.items()
    }
    return categories, levels


CATEGORY_TERMS, LEVEL_TERMS = _build()

# Dutch separable-verb particles: "je pakt de dozen in" is "inpakken".
PARTICLES = (
    "aan", "af", "bij", "door", "in", "mee", "na", "om", "op", "over", "rond", "terug", "toe",
    "uit", "vast", "weg", "klaar", "schoon", "leeg", "samen", "binnen", "buiten",
)  # fmt: skip
