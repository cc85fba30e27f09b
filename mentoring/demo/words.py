"""Word banks the demo data draws from: names, places, sectors, needs, goals and careers.

Proportions follow published figures about public service mutuals: over half are community
interest companies (82% in health and social care, the largest sector), then education and
youth services, culture and libraries, employment and skills, housing, sports and leisure.
"""

FIRST_NAMES = (
    "Aisha Alex Amir Amy Ben Bethan Carl Chloe Dan Deborah Dev Eleanor Emma Fatima Gareth Grace "
    "Hannah Harpreet Imran Isla Jack James Jo Kate Kwame Laura Leah Liam Lucy Maria Mark Megan "
    "Mohammed Naomi Neil Nia Olu Owen Priya Rachel Raj Rebecca Rhys Rosie Ruth Sam Sarah Sean "
    "Simon Sophie Tom Una Vikram Will Yasmin Zoe"
).split()
LAST_NAMES = (
    "Ahmed Ali Bailey Baker Begum Bennett Brown Campbell Chen Clarke Cooper Davies Edwards Evans "
    "Fisher Green Hall Harris Hughes Hussain Jackson James Jones Khan Kaur Lewis Mensah Mitchell "
    "Morgan Morris Murphy Okafor Owen Patel Phillips Price Roberts Robinson Shah Singh Smith "
    "Taylor Thomas Thompson Turner Walker Ward Watson White Williams Wilson Wood Wright Young"
).split()
PLACES = (
    "Northfield Riverside Eastbrook Westmoor Ashdown Kingsmead Millbrook Oakwood Fairhaven "
    "Brookside Hillcrest Stonebridge Greenway Harbourside Elmfield Thornbury Castlegate "
    "Meadowbank Fernhill Larkhill Redbridge Sandford Whitecliff Bramley Ravensworth Hollins "
    "Calderdale Wyvern Pennine Tamar Severn Medway Cheviot Mendip Trent Humber Solent Marsden"
).split()

# (slug, weight %) — health and social care is the largest sector.
SECTOR_WEIGHTS = [
    ("health-and-social-care", 40),
    ("education-youth-and-childrens-services", 16),
    ("culture-media-and-libraries", 13),
    ("employment-and-skills", 9),
    ("housing", 8),
    ("sports-and-leisure", 8),
    ("other-public-services", 6),
]
SECTOR_NOUNS = {
    "health-and-social-care": [
        "Community Health",
        "Care Partnership",
        "Healthcare",
        "Community Nursing",
        "Therapies",
        "Adult Social Care",
        "Wellbeing Services",
    ],
    "education-youth-and-childrens-services": [
        "Youth Services",
        "Children's Services",
        "Learning Partnership",
        "Family Support",
        "Young People's Trust",
    ],
    "culture-media-and-libraries": [
        "Libraries",
        "Arts and Heritage",
        "Museums",
        "Culture",
        "Libraries and Archives",
    ],
    "employment-and-skills": ["Employment Support", "Skills", "Careers", "Adult Learning"],
    "housing": ["Housing", "Homes", "Tenant Services", "Housing Support"],
    "sports-and-leisure": ["Leisure", "Sport and Leisure", "Active Communities", "Pools"],
    "other-public-services": ["Community Services", "Environmental Services", "Transport"],
}
LEGAL_SUFFIX = {
    "community-interest-company": "CIC",
    "charity": "Trust",
    "community-benefit-society": "Society",
    "co-operative": "Co-operative",
    "company-limited-by-guarantee": "Ltd",
    "company-limited-by-shares": "Ltd",
    "other": "",
}
# Non-CIC legal forms, weighted; a CIC is chosen first with a sector-dependent chance.
OTHER_LEGAL_FORMS = [
    ("charity", 26),
    ("community-benefit-society", 22),
    ("company-limited-by-guarantee", 20),
    ("co-operative", 12),
    ("company-limited-by-shares", 12),
    ("other", 8),
]
CIC_SHARE = {"health-and-social-care": 0.82}
CIC_SHARE_ELSEWHERE = 0.40
STAGE_WEIGHTS = [
    ("exploring-the-mutual-model", 15),
    ("preparing-to-spin-out", 25),
    ("spun-out-in-the-last-2-years", 25),
    ("established-2-years-and-growing", 35),
]
REGION_WEIGHTS = [
    ("north-east", 7),
    ("north-west", 15),
    ("yorkshire-and-the-humber", 11),
    ("east-midlands", 8),
    ("west-midlands", 10),
    ("east-of-england", 9),
    ("london", 13),
    ("south-east", 12),
    ("south-west", 10),
    ("anywhere-remote", 5),
]
NEEDS_BY_STAGE = {
    "exploring-the-mutual-model": [
        "business-planning",
        "choosing-a-legal-form",
        "employee-ownership-and-engagement",
        "leadership-and-culture",
        "governance-and-board",
    ],
    "preparing-to-spin-out": [
        "business-planning",
        "tupe-and-hr",
        "pensions-fair-deal-nhs-pension",
        "choosing-a-legal-form",
        "governance-and-board",
        "property-and-assets",
        "finance-and-investment",
    ],
    "spun-out-in-the-last-2-years": [
        "governance-and-board",
        "finance-and-investment",
        "bidding-contracts-and-commissioning",
        "leadership-and-culture",
        "digital-and-data",
        "employee-ownership-and-engagement",
    ],
    "established-2-years-and-growing": [
        "bidding-contracts-and-commissioning",
        "partnerships-and-growth",
        "measuring-social-impact",
        "marketing-and-communications",
        "digital-and-data",
        "finance-and-investment",
    ],
}
GOAL_OPENINGS = {
    "exploring-the-mutual-model": [
        "Our team is weighing up whether to leave the council and run the service as a mutual.",
        "We have been asked to look at the mutual model and need to understand what it involves.",
        "Staff are keen on a mutual, but we have not yet made the case to our commissioners.",
    ],
    "preparing-to-spin-out": [
        "We have agreement in principle to spin out and are writing our business plan.",
        "Our board has approved the spin-out and we transfer staff next year.",
        "We are about six months from leaving the NHS trust and there is a lot still to do.",
    ],
    "spun-out-in-the-last-2-years": [
        "We spun out last year and are still finding our feet as an independent organisation.",
        "We have been trading for just over a year and the first contract renewal is coming up.",
        "Since we left the council we have had to build finance and HR from scratch.",
    ],
    "established-2-years-and-growing": [
        "We are an established mutual looking to grow beyond our first contract.",
        "After several years of trading we want to win work from new commissioners.",
        "We are doing well, but need to show our social value more clearly to keep growing.",
    ],
}
NEED_PHRASES = {
    "business-planning": "test our business plan with someone who has been through it",
    "governance-and-board": "set up a board that can challenge us and recruit independent members",
    "choosing-a-legal-form": "choose the right legal form and understand what each one means",
    "tupe-and-hr": "plan the TUPE transfer and keep staff with us through it",
    "pensions-fair-deal-nhs-pension": "understand our pension options under Fair Deal",
    "finance-and-investment": "get on top of cash flow and find out about social investment",
    "bidding-contracts-and-commissioning": "write stronger bids and talk to commissioners",
    "leadership-and-culture": "move from a public sector culture to a more enterprising one",
    "employee-ownership-and-engagement": "give staff a real voice and make ownership mean "
    "something",
    "partnerships-and-growth": "find partners and grow without losing what makes us different",
    "marketing-and-communications": "tell our story to the people who pay for our services",
    "digital-and-data": "replace the systems we used to borrow from the council",
    "measuring-social-impact": "measure our social impact in a way commissioners trust",
    "property-and-assets": "decide whether to lease or buy the buildings we work from",
}
GOAL_CLOSINGS = [
    "A mentor who has done this before would save us a lot of time.",
    "We would value an honest sounding board outside the organisation.",
    "Ideally we would meet once a month for six months.",
    "Someone who knows our sector would be a great help.",
    "",
]

# Mentor careers: headline, roles, the areas they help with, the sectors they know.
CAREERS = [
    {
        "headline": "Former NHS community trust director who led a spin-out",
        "roles": "Director of community services, NHS trust\nChief executive, community health CIC",
        "expertise": [
            "business-planning",
            "tupe-and-hr",
            "pensions-fair-deal-nhs-pension",
            "governance-and-board",
        ],
        "sectors": ["health-and-social-care"],
        "stages": ["preparing-to-spin-out", "spun-out-in-the-last-2-years"],
        "orgs": ["Community Health Partnership", "Health Advisory"],
    },
    {
        "headline": "Social enterprise chief executive",
        "roles": "Chief executive, social enterprise\nTrustee, local charity",
        "expertise": [
            "leadership-and-culture",
            "partnerships-and-growth",
            "finance-and-investment",
        ],
        "sectors": ["health-and-social-care", "employment-and-skills", "housing"],
        "stages": ["spun-out-in-the-last-2-years", "established-2-years-and-growing"],
        "orgs": ["Social Enterprise Network", "Community Ventures"],
    },
    {
        "headline": "Co-operative lawyer who has set up dozens of mutuals",
        "roles": "Partner, law firm specialising in co-operatives and social enterprises",
        "expertise": [
            "choosing-a-legal-form",
            "governance-and-board",
            "employee-ownership-and-engagement",
        ],
        "sectors": ["health-and-social-care", "culture-media-and-libraries", "sports-and-leisure"],
        "stages": ["exploring-the-mutual-model", "preparing-to-spin-out"],
        "orgs": ["Co-operative Law LLP", "Mutual Legal Services"],
    },
    {
        "headline": "HR director who has run several TUPE transfers",
        "roles": "HR director, county council\nHead of people, leisure trust",
        "expertise": ["tupe-and-hr", "pensions-fair-deal-nhs-pension", "leadership-and-culture"],
        "sectors": ["sports-and-leisure", "education-youth-and-childrens-services"],
        "stages": ["preparing-to-spin-out", "spun-out-in-the-last-2-years"],
        "orgs": ["People Matters Consulting", "County Council"],
    },
    {
        "headline": "Pensions adviser specialising in public service transfers",
        "roles": "Pensions consultant\nFormer local government pension fund manager",
        "expertise": ["pensions-fair-deal-nhs-pension", "finance-and-investment"],
        "sectors": ["health-and-social-care", "housing", "other-public-services"],
        "stages": ["preparing-to-spin-out"],
        "orgs": ["Pension Partners", "Actuarial Advisory"],
    },
    {
        "headline": "Finance director with social investment experience",
        "roles": "Finance director, housing association\nInvestment committee member, social "
        "investment fund",
        "expertise": ["finance-and-investment", "business-planning", "property-and-assets"],
        "sectors": ["housing", "employment-and-skills"],
        "stages": ["spun-out-in-the-last-2-years", "established-2-years-and-growing"],
        "orgs": ["Housing Association", "Impact Finance"],
    },
    {
        "headline": "Bid writer who has won public contracts for mutuals",
        "roles": "Head of bids, employee-owned care provider\nFreelance bid writer",
        "expertise": [
            "bidding-contracts-and-commissioning",
            "partnerships-and-growth",
            "marketing-and-communications",
        ],
        "sectors": ["health-and-social-care", "employment-and-skills"],
        "stages": ["established-2-years-and-growing", "spun-out-in-the-last-2-years"],
        "orgs": ["Bid Writing Co-operative", "Tender Support"],
    },
    {
        "headline": "Former council commissioner",
        "roles": "Head of commissioning, metropolitan borough council",
        "expertise": [
            "bidding-contracts-and-commissioning",
            "measuring-social-impact",
            "partnerships-and-growth",
        ],
        "sectors": [
            "education-youth-and-childrens-services",
            "culture-media-and-libraries",
            "sports-and-leisure",
        ],
        "stages": ["exploring-the-mutual-model", "established-2-years-and-growing"],
        "orgs": ["Borough Council", "Commissioning Associates"],
    },
    {
        "headline": "Digital and data leader in the social sector",
        "roles": "Chief digital officer, national charity",
        "expertise": ["digital-and-data", "marketing-and-communications"],
        "sectors": ["culture-media-and-libraries", "education-youth-and-childrens-services"],
        "stages": ["spun-out-in-the-last-2-years", "established-2-years-and-growing"],
        "orgs": ["Digital Social", "National Charity"],
    },
    {
        "headline": "Social impact measurement consultant",
        "roles": "Director, impact consultancy\nFormer evaluation lead, lottery funder",
        "expertise": ["measuring-social-impact", "governance-and-board"],
        "sectors": ["employment-and-skills", "health-and-social-care", "housing"],
        "stages": ["established-2-years-and-growing"],
        "orgs": ["Impact Consulting", "Evaluation Partners"],
    },
    {
        "headline": "Library service head who took the service out of the council",
        "roles": "Chief executive, libraries mutual\nHead of libraries, city council",
        "expertise": ["business-planning", "leadership-and-culture", "property-and-assets"],
        "sectors": ["culture-media-and-libraries"],
        "stages": ["preparing-to-spin-out", "spun-out-in-the-last-2-years"],
        "orgs": ["Libraries Trust", "City Council"],
    },
]
BIO_OPENINGS = [
    "I have spent most of my career in public services and the social sector.",
    "I have been through a spin-out myself and know how lonely it can feel.",
    "I have worked alongside many new mutuals as an adviser and board member.",
    "I started in the public sector and moved into social enterprise fifteen years ago.",
]
BIO_MIDDLES = [
    "I am happy to be a sounding board, to read drafts and to challenge plans kindly.",
    "I like practical problems: the next contract, the board paper, the staff briefing.",
    "I enjoy helping leaders find their own answers rather than giving them mine.",
    "I can introduce you to people who have solved the same problem.",
]
BIO_CLOSINGS = [
    "I usually meet by video once a month.",
    "I prefer to meet in person when I can, and by phone in between.",
    "I am happy to work around your diary.",
    "",
]
