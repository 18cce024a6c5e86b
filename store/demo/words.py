"""Word lists, note templates and weights for the demo company (see ``demo.py``).

Templates use ``{first}`` (a contact's first name) and ``{topic}``, ``{product}``, ``{issue}``.
Names and domains are invented; e-mail domains use the reserved ``.example`` suffix so a demo
file can never mail a real company.
"""

from __future__ import annotations

ROLE_WEIGHTS = {
    "key": {"owner": 60, "support": 15, "sales": 12, "exec": 13},
    "other": {"owner": 68, "support": 16, "sales": 10, "exec": 6},
}
"""Who on our side has an interaction, for key accounts and for the others."""
KIND_WEIGHTS = {
    "owner": {"call": 28, "email": 28, "meeting": 14, "visit": 8, "note": 10, "sale": 5, "gift": 2}
    | {"card": 3, "complaint": 3},
    "support": {"call": 38, "email": 36, "note": 12, "complaint": 14},
    "sales": {"call": 25, "email": 20, "meeting": 25, "visit": 10, "sale": 20},
    "exec": {"meeting": 45, "visit": 30, "call": 15, "gift": 5, "card": 5},
}
"""The kinds of interaction each role has."""
TYPE_WEIGHTS = {
    "key": {"dedicated_personal_assistance": 60, "long_term": 30, "personal_assistance": 10},
    "growth": {"long_term": 45, "personal_assistance": 30, "transactional": 15}
    | {"dedicated_personal_assistance": 10},
    "standard": {"transactional": 30, "long_term": 25, "self_service": 20, "automated_service": 15}
    | {"community": 10},
    "b2c": {"personal_assistance": 35, "transactional": 30, "self_service": 20, "community": 15},
}
"""Relationship types per tier (and for private customers)."""
VALUE = {"key": (1_200_000, 1000), "growth": (250_000, 1000), "standard": (40_000, 100)}
"""Median annual value and its rounding step per tier (private customers: a tenth)."""
ACTIVITY = {"key": 2.2, "growth": 1.2, "standard": 0.75, "b2c": 0.5}
"""Relative number of interactions per tier."""

FIRST_NAMES = (
    "Anna", "Ben", "Clara", "David", "Elena", "Felix", "Greta", "Hannah", "Isabel", "Jonas",
    "Karin", "Lukas", "Maria", "Niels", "Olivia", "Paul", "Rosa", "Stefan", "Tom", "Ursula",
    "Vera", "Wim", "Yusuf", "Zoë", "Jürgen", "Søren", "José", "François", "Agnieszka", "Łukasz",
    "Chloé", "Björn", "Inès", "Małgorzata", "Siobhán", "Ana", "Pieter", "Sanne", "Henrik",
    "Ingrid", "Matteo", "Giulia", "Oliver", "Emma", "James", "Sophie", "Lars", "Eva", "Marco",
    "Nadia", "Omar", "Priya", "Raj", "Sara", "Tobias", "Lea", "Hugo", "Camille", "Thomas",
    "Julia", "Mikael", "Astrid", "Daniel", "Laura", "Pedro", "Lucía", "Kasia", "Tomasz", "Fiona",
    "Declan", "Aoife", "Rui", "Marta", "Jan", "Petra", "Emil", "Frida", "Noah", "Mia", "Leon",
)  # fmt: skip

LAST_NAMES = (
    "Schmidt", "Müller", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann",
    "Jansen", "de Vries", "van Dijk", "Bakker", "Visser", "Smit", "Johansson", "Andersson",
    "Nilsson", "Jørgensen", "Sørensen", "Hansen", "Nielsen", "Virtanen", "Korhonen", "Dubois",
    "Martin", "Bernard", "Lefèvre", "Moreau", "García", "Fernández", "López", "Martínez",
    "Nuñez", "Silva", "Santos", "Ferreira", "Rossi", "Russo", "Bianchi", "Nowak", "Kowalski",
    "Wiśniewski", "Dvořák", "Novák", "Smith", "Jones", "Taylor", "Brown", "Wilson", "O'Brien",
    "Murphy", "Kelly", "Walsh", "Byrne", "Evans", "Patel", "Khan", "Yılmaz", "Çelik", "Öztürk",
    "Brandt", "Krüger", "Lindqvist", "Åkesson", "Ødegaard", "Bauer", "Keller", "Huber", "Wolf",
)  # fmt: skip

STEMS = (
    "Müller", "Becker", "Hansen", "Jørgensen", "Åkesson", "Nordlicht", "Alpen", "Rhein", "Elbe",
    "Donau", "Baltic", "Atlas", "Orion", "Vega", "Polaris", "Helix", "Kestrel", "Falcon", "Harbor",
    "Granite", "Cedar", "Birch", "Oak", "Summit", "Meridian", "Beacon", "Pioneer", "Sterling",
    "Crown", "Anchor", "Lumen", "Vertex", "Nova", "Zenith", "Aurora", "Boreal", "Solis", "Terra",
    "Aqua", "Ferro", "Castell", "Brandt", "Keller", "Dvořák", "Nowak", "Moreau", "Lefèvre",
    "García", "Ferreira", "Rossi", "Bianchi", "Walsh", "Byrne", "Whitmore", "Ashford", "Kingsley",
    "Blackwood", "Fairfax", "Greenleaf", "Silverline", "Redstone", "Bluewater", "Westbrook",
    "Eastgate", "Northfield", "Southport", "Highland", "Lakeside", "Riverside", "Hillcrest",
    "Çelik", "Öztürk", "Łukasiewicz", "Ødegaard", "Bäcker", "Straße", "Weiß", "Kaiser", "Lind",
)  # fmt: skip

INDUSTRIES = (
    "Logistics", "Engineering", "Foods", "Pharma", "Systems", "Software", "Textiles", "Metals",
    "Plastics", "Packaging", "Energy", "Solar", "Wind", "Water", "Chemicals", "Construction",
    "Automotive", "Medical", "Health", "Dental", "Optics", "Electronics", "Robotics", "Aviation",
    "Marine", "Shipping", "Freight", "Retail", "Fashion", "Furniture", "Interiors", "Printing",
    "Media", "Publishing", "Consulting", "Finance", "Insurance", "Properties", "Hotels",
    "Catering", "Brewing", "Dairy", "Bakeries", "Farms", "Timber", "Paper", "Glass", "Ceramics",
    "Tools", "Precision", "Instruments", "Labs", "Analytics", "Telecom", "Security", "Facilities",
)  # fmt: skip

REGIONS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "DACH": (
        "+49",
        ("GmbH", "AG", "GmbH & Co. KG", "KG"),
        ("Hamburg", "München", "Zürich", "Wien"),
    ),
    "Benelux": ("+31", ("B.V.", "N.V.", "BV"), ("Rotterdam", "Antwerpen", "Utrecht", "Gent")),
    "Nordics": (
        "+46",
        ("AB", "A/S", "ApS", "Oy", "AS"),
        ("Malmö", "Göteborg", "Aarhus", "Tampere"),
    ),
    "UK & Ireland": ("+44", ("Ltd", "PLC", "LLP", "Ltd"), ("Dublin", "Cork", "Leeds", "Glasgow")),
    "France": ("+33", ("SA", "SAS", "SARL"), ("Lyon", "Marseille", "Nantes", "Lille")),
    "Iberia": ("+34", ("S.L.", "S.A.", "Lda."), ("Sevilla", "Valencia", "Porto", "Bilbao")),
    "Central Europe": (
        "+48",
        ("Sp. z o.o.", "s.r.o.", "a.s."),
        ("Kraków", "Łódź", "Brno", "Wrocław"),
    ),
}
"""Region name: (telephone country code, legal forms used there, its towns)."""

DIVISIONS = (
    "Industry",
    "Healthcare",
    "Public Sector",
    "Retail & Consumer",
    "Energy & Utilities",
    "Financial Services",
)

SPECIAL_NAMES = (
    "R&D [Labs] Ltd",
    "Müller Logistik GmbH",
    "Société Générale des Eaux",
    "Smith & Sons <Wholesale>",
    "Øresund Shipping A/S",
    "Kraków Precision Sp. z o.o.",
    "Ångström Optics AB",
    "Dvořák & Nováková s.r.o.",
)
"""Real-looking names with non-ASCII letters, brackets and ampersands (shown as text)."""

STAFF = {"support": 3, "sales": 3, "exec": 2}
"""How many of our staff in each role besides the account managers."""

MAIL_PROVIDERS = ("mail.example", "post.example", "inbox.example", "home.example")
TAGS = (
    "reference", "multi-site", "public-tender", "export", "price-sensitive", "strategic",
    "partner", "pilot", "framework-contract", "newsletter", "sustainability", "family-owned",
    "new-management", "renewal-due", "competitor-active",
)  # fmt: skip

DM_ROLES = (
    "Managing Director", "CEO", "Head of Procurement", "CFO", "COO", "Owner",
    "Purchasing Director", "Head of Operations",
)  # fmt: skip
ROLES = (
    "Operations Manager", "Buyer", "IT Lead", "Project Manager", "Finance Assistant",
    "Quality Manager", "Logistics Coordinator", "Office Manager", "Plant Manager",
    "Category Manager", "Head of Marketing", "Technical Lead", "Accounts Payable",
)  # fmt: skip
B2C_ROLES = ("Partner", "Personal assistant", "Family office", "Spouse")

TOPICS = (
    "the delivery schedule", "renewal terms", "the new price list", "the rollout plan",
    "last month's invoices", "the service level report", "training for the new staff",
    "the spare parts stock", "next year's volumes", "the pilot results", "the integration project",
    "their expansion plans", "the framework contract", "payment terms", "the quality audit",
    "the upgrade to the new version", "response times at the help desk", "the joint roadmap",
    "their budget for next year", "the product samples", "the warranty case",
    "the open change requests", "the customer portal", "their sustainability targets",
    "the migration weekend", "the consignment stock", "freight costs", "the safety training",
)  # fmt: skip

PRODUCTS = (
    "a two-year service contract", "the premium support package", "200 licences",
    "a spare parts bundle", "the extended warranty", "a second production line",
    "the analytics add-on", "an on-site training day", "the annual maintenance plan",
    "a pilot for three sites", "replacement units for the warehouse", "the upgrade package",
)  # fmt: skip

ISSUES = (
    "the delivery arrived a week late", "the invoice was wrong again",
    "nobody answered the help desk for two days", "the replacement part does not fit",
    "the technician missed the appointment", "the system was down during month-end",
    "the promised call-back never came", "the price rose without notice",
    "the order was shipped to the wrong site", "the report is missing figures",
    "the new version broke their workflow", "quality of the last batch was poor",
)  # fmt: skip

SUMMARIES: dict[str, tuple[str, ...]] = {
    "call": (
        "Called {first} about {topic}.",
        "Quick call with {first} to go through {topic}.",
        "{first} rang about {topic}.",
        "Phoned {first}; we discussed {topic}.",
        "Check-in call with {first}, mainly about {topic}.",
    ),
    "email": (
        "Emailed {first} the notes on {topic}.",
        "{first} wrote in about {topic}.",
        "Sent {first} an update on {topic}.",
        "Answered {first}'s questions about {topic} by mail.",
    ),
    "meeting": (
        "Meeting with {first} and team on {topic}.",
        "Quarterly review with {first}: {topic}.",
        "Video call with {first} to plan {topic}.",
        "Workshop with {first} on {topic}.",
    ),
    "visit": (
        "Visited {first} on site; walked through {topic}.",
        "Site visit: toured the plant with {first}, then discussed {topic}.",
        "Lunch with {first} at their office, talked about {topic}.",
    ),
    "note": (
        "Heard that {first}'s team is being reorganised; {topic} may be delayed.",
        "Internal note: {first} needs a decision on {topic} before the renewal.",
        "Noted: {first} moves to a new role next quarter.",
        "Prepared the account review; open point is {topic}.",
    ),
    "sale": (
        "Order signed by {first}: {product}.",
        "{first} ordered {product}.",
        "Closed {product} with {first}.",
        "{first} confirmed the purchase of {product}.",
    ),
    "gift": (
        "Sent {first} a hamper to thank them for the reference call.",
        "Gave {first} two tickets for the season opener.",
        "Sent {first} a book on their favourite subject after the project went live.",
    ),
    "card": (
        "Birthday card to {first}.",
        "Sent {first} a card for the company anniversary.",
        "Holiday card to {first} and team.",
        "Congratulations card to {first} on the promotion.",
    ),
    "complaint": (
        "{first} complained: {issue}.",
        "Complaint from {first}: {issue}.",
        "{first} called, upset: {issue}.",
    ),
}

NOTES_ALONE = (
    "Internal note: {topic} needs a decision before the renewal.",
    "Prepared the account review; open point is {topic}.",
    "Reminder: check {topic} before the next call.",
    "Read their annual report; relevant for {topic}.",
)
"""Notes that name no contact."""

TONE: dict[int, tuple[str, ...]] = {
    -2: (
        "{first} is very unhappy and mentioned looking at competitors.",
        "Tense; {first} wants to speak to someone senior.",
        "{first} said this is our last chance.",
    ),
    -1: (
        "{first} was frustrated with the pace.",
        "Some irritation about response times.",
        "{first} expects better; watch closely.",
    ),
    0: ("", "", "Nothing urgent.", "Routine, no issues raised.", "Waiting on their side."),
    1: (
        "{first} was positive.",
        "Good atmosphere.",
        "{first} thanked us for the quick turnaround.",
    ),
    2: (
        "{first} was delighted and offered to act as a reference.",
        "Excellent; {first} wants to widen the scope.",
        "{first} praised the team in front of their board.",
    ),
}

MANUAL_FOLLOWUPS = (
    "Prepare the quarterly review",
    "Check their credit limit before the next order",
    "Invite them to the customer day",
    "Update the account plan",
    "Ask for a reference call",
)
FOLLOWUPS = (
    "Send {first} the revised quote",
    "Check in with {first} on the delivery",
    "Send {first} the meeting notes",
    "Book the next review with {first}",
    "Confirm the training dates with {first}",
    "Ask {first} for feedback on the pilot",
    "Call {first} back about the invoice",
)
THANKS = "Thank {first} for the order"
SURVEY_FOLLOWUP = "Call {first} about their survey answers (recommend {score}/10)"

COMMENTS = {
    "low": (
        "Invoices keep arriving wrong and nobody owns fixing them.",
        "We waited three weeks for an answer on the last incident.",
        "Your prices went up, the service did not.",
        "We hear from you when you want to sell something, not otherwise.",
        "The new contact person does not know our history.",
    ),
    "mid": (
        "Good people, but too many hand-overs between teams.",
        "Delivery is fine; communication about changes could be earlier.",
        "Please send the quarterly report without us having to ask.",
        "Support is quick, sales less so.",
    ),
    "high": (
        "The account team knows our business better than some of our own staff.",
        "You fixed the outage on a Sunday. We noticed.",
        "Keep the same team on our account, please.",
        "Reliable, honest about problems, and fair on price.",
    ),
}
"""What demo customers write in a survey's comment box, by how they answered."""

PROMISES = (
    "Deliver the revised proposal to {first}",
    "Fix the invoice error",
    "Send {first} the case study",
    "Arrange a site visit with our engineers",
    "Get {first} a firm delivery date",
    "Extend the trial licence by a month",
    "Have a technician on site within 48 hours",
    "Share the new roadmap with {first}",
)

RESOLUTIONS = (
    "Credit note issued and process changed.",
    "Replacement shipped express; apologised in person.",
    "Root cause found and fixed; {first} confirmed.",
    "Refunded the difference and explained the new pricing.",
    "Assigned a named support contact.",
)

OPPORTUNITIES = (
    "Second site needs the same setup",
    "Interested in the premium support package",
    "New plant opening next year",
    "Budget for training freed up",
    "Wants to replace a competitor's system",
    "Asked about the analytics add-on",
    "Framework contract up for tender",
)

PLANS: dict[str, tuple[str, ...]] = {
    "trust": ("Quarterly executive sponsor meeting", "Share our roadmap openly with them"),
    "satisfaction": ("Review the service level report together monthly",),
    "promises": ("Track every commitment in the promises list", "Confirm due dates in writing"),
    "responsiveness": ("Named support contact with a 4-hour call-back", "Weekly status call"),
    "resolution": ("Root-cause review of the last complaints", "Escalation path agreed"),
    "needs": ("Workshop on their business goals", "Visit their operations for a day"),
    "communication": ("Monthly newsletter for their team", "Joint steering meeting"),
    "fairness": ("Explain the price changes in person", "Review contract terms together"),
    "balance": ("Introduce a second contact on both sides",),
    "value": ("Show the savings achieved this year", "Business review with ROI figures"),
}
PLAN_GENERIC = (
    "Introduce the new support lead",
    "Invite them to the customer day",
    "Update the account plan",
    "Prepare the renewal offer",
)

ACCOUNT_NOTES = (
    "Prefers calls before 10:00.",
    "Procurement runs through head office.",
    "Budget year starts in April.",
    "Competitor trialled here last year.",
    "Invoices must quote their PO number.",
    "Works council must approve changes on site.",
)
CONTACT_NOTES = (
    "Prefers e-mail.",
    "Keen cyclist.",
    "Back from parental leave in spring.",
    "Former colleague of our CFO.",
    "Speaks German and French.",
    "Do not call on Fridays.",
)
STAGE_NOTES: dict[str, str] = {
    "exploration": "First contact.",
    "awareness": "Knows our offer; first quote sent.",
    "expansion": "Buying more; second product line.",
    "engagement": "Long-term partner; multi-year agreement.",
    "dissolution": "Winding down; moving volume elsewhere.",
}
SEASONS = (
    "Winter", "Winter", "Spring", "Spring", "Spring", "Summer",
    "Summer", "Summer", "Autumn", "Autumn", "Autumn", "Winter",
)  # fmt: skip
"""The season of each month, for naming survey waves."""
